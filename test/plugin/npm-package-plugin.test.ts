import path from "node:path";
import { useInstalledProject } from "../helpers/installed-package-project";
import { useTestEmulator } from "../helpers/jod-test-setup";
import {
  emulatorConfig,
  expectExampleDeploys,
  YamlPluginStack,
} from "../helpers/yaml-plugin-stack";

// The npm package ships the plugin for `plugins.providers` paths: installed from its packed
// tarball (as `npm publish` ships it) beside @pulumi/pulumi, `node_modules/pulumi-jod/bin`
// serves the YAML example.
const installed = useInstalledProject("npm");
const fixture = useTestEmulator();

test("node_modules/pulumi-jod/bin serves the YAML example", async () => {
  const bin = path.join(installed.project.dir, "node_modules", "pulumi-jod", "bin");
  const stack = await YamlPluginStack.create({ ...emulatorConfig(fixture.emulator), plugin: bin });
  await expectExampleDeploys(stack);
}, 300_000);
