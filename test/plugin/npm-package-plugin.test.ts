import path from "node:path";
import { useInstalledProject } from "../helpers/installed-package-project";
import { useTestEmulator } from "../helpers/jod-test-setup";
import { emulatorConfig, YamlPluginStack } from "../helpers/yaml-plugin-stack";

// The npm package ships the plugin for `plugins.providers` paths: installed from its packed
// tarball (as `npm publish` ships it) beside @pulumi/pulumi, `node_modules/pulumi-jod/bin`
// serves the YAML example.
const installed = useInstalledProject("npm");
const fixture = useTestEmulator();

test("node_modules/pulumi-jod/bin serves the YAML example", async () => {
  const bin = path.join(installed.project.dir, "node_modules", "pulumi-jod", "bin");
  const stack = await YamlPluginStack.create({ ...emulatorConfig(fixture.emulator), plugin: bin });
  try {
    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toContain("jod: deploying 2 recorder(s)");
    expect((await stack.outputs()).status).toBe("ready");
  } finally {
    await stack.remove();
  }
}, 300_000);
