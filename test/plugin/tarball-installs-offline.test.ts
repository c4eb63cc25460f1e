import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import { startTestEmulator } from "../helpers/jod-test-setup";
import { pluginTarball, PLUGIN_VERSION } from "../helpers/plugin-executable";
import {
  emulatorConfig,
  expectExampleDeploys,
  YamlPluginStack,
} from "../helpers/yaml-plugin-stack";

// The release artefact: `npm run package:plugin` builds the tarball, `pulumi plugin install
// --file` installs it without any network, and the YAML example runs on the installed plugin
// (no plugins.providers path).
let emulator: RunningEmulator;
let pulumiHome: string;
beforeAll(async () => {
  emulator = await startTestEmulator();
  pulumiHome = mkdtempSync(path.join(tmpdir(), "jod-plugin-home-"));
});
afterAll(async () => {
  await emulator?.close();
  rmSync(pulumiHome, { recursive: true, force: true });
});

test("the packaged tarball installs offline and serves the YAML example", async () => {
  const env = { ...process.env, PULUMI_HOME: pulumiHome };
  execFileSync(
    "pulumi",
    ["plugin", "install", "resource", "jod", PLUGIN_VERSION, "--file", pluginTarball()],
    { env, stdio: "pipe" },
  );
  const listed = execFileSync("pulumi", ["plugin", "ls", "--json"], { env, encoding: "utf8" });
  expect(JSON.parse(listed)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: "jod", kind: "resource", version: PLUGIN_VERSION }),
    ]),
  );

  const stack = await YamlPluginStack.create({
    ...emulatorConfig(emulator),
    plugin: "installed",
    env: { PULUMI_HOME: pulumiHome },
  });
  await expectExampleDeploys(stack);
}, 180_000);
