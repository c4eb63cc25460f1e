import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import { buildGoAutomationProgram, runGoAutomationProgram } from "../helpers/go-automation-program";
import { startTestEmulator } from "../helpers/jod-test-setup";
import {
  jodDownloadOverride,
  startPluginDownloadServer,
  type PluginDownloadServer,
} from "../helpers/plugin-download-server";
import { pluginTarball, PLUGIN_VERSION, tarballName } from "../helpers/plugin-executable";
import { emulatorConfig, YamlPluginStack } from "../helpers/yaml-plugin-stack";

// The engine acquires the plugin itself, as for any Pulumi provider: from the schema's
// pluginDownloadURL (named by the generated SDKs and by a YAML program's options), here sent to
// a mirror on loopback by PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES matching only the project's URL.
// Every program starts from an empty plugin cache and no `pulumi plugin install`.
const REPO = path.resolve(__dirname, "../..");
let emulator: RunningEmulator;
let mirror: PluginDownloadServer;
let pulumiHome: string;
beforeAll(async () => {
  emulator = await startTestEmulator();
  mirror = await startPluginDownloadServer(path.dirname(pluginTarball()), ["/releases/jod", "/go"]);
});
afterAll(async () => {
  await mirror?.close();
  await emulator?.close();
});
beforeEach(() => {
  pulumiHome = mkdtempSync(path.join(tmpdir(), "jod-acquire-home-"));
});
afterEach(() => rmSync(pulumiHome, { recursive: true, force: true }));

/** What the engine needs to acquire plugins through the mirror at `mirrorPath`. */
function acquisitionEnv(mirrorPath: string): Record<string, string> {
  return {
    PULUMI_HOME: pulumiHome,
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false",
    PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: jodDownloadOverride(`${mirror.url}${mirrorPath}`),
  };
}

const installedPlugin = () =>
  path.join(pulumiHome, "plugins", `resource-jod-v${PLUGIN_VERSION}`, "pulumi-resource-jod");

/** The README's YAML program (the block that names the pluginDownloadURL), as users copy it. */
function readmeYamlProgram(): string {
  const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
  const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((match) => match[1])
    .find((text) => text.includes("pluginDownloadURL: github://api.github.com/pulumi-jod"));
  if (!block) throw new Error("README.md has no YAML program naming the pluginDownloadURL");
  return block;
}

test("a YAML program written as the README shows gets the plugin from the mirror", async () => {
  const program = readmeYamlProgram();
  expect(program).toContain(`version: ${PLUGIN_VERSION}`);
  const stack = await YamlPluginStack.create({
    ...emulatorConfig(emulator),
    program,
    plugin: "installed",
    env: acquisitionEnv("/releases/jod"),
  });
  try {
    await stack.ok(["up", "--yes", "--skip-preview"]);
    expect((await stack.outputs()).recorderIps).toHaveLength(2);
    expect(mirror.requests).toContain(`/releases/jod/${tarballName("linux-amd64")}`);
    expect(existsSync(installedPlugin())).toBe(true);
  } finally {
    await stack.remove();
  }
}, 240_000);

test("the Go Automation API program gets the plugin through the generated SDK's URL", async () => {
  buildGoAutomationProgram();
  const stateDir = mkdtempSync(path.join(tmpdir(), "jod-go-state-"));
  try {
    const outputs = await runGoAutomationProgram(
      ["-backend", `file://${stateDir}`, "-fleet", "lon=1", "-destroy"],
      emulator.url,
      acquisitionEnv("/go"),
    );
    expect(outputs.totalRecorderHours).toBe(3);
    expect(outputs.allIps).toHaveLength(1);
    expect(mirror.requests).toContain(`/go/${tarballName("linux-amd64")}`);
    expect(existsSync(installedPlugin())).toBe(true);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}, 600_000);

test("a tarball missing from the mirror fails with the engine's error, promptly", async () => {
  const stack = await YamlPluginStack.create({
    ...emulatorConfig(emulator),
    program: readmeYamlProgram(),
    plugin: "installed",
    env: acquisitionEnv("/elsewhere"),
  });
  try {
    const preview = await stack.run(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(`${preview.stdout}${preview.stderr}`).toMatch(/404/);
    expect(`${preview.stdout}${preview.stderr}`).toContain("jod");
    expect(mirror.requests).toContain(`/elsewhere/${tarballName("linux-amd64")}`);
    expect(preview.elapsedMs).toBeLessThan(60_000);
  } finally {
    await stack.remove();
  }
}, 120_000);
