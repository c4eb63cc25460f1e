import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import { startTestEmulator } from "../helpers/jod-test-setup";
import { pathWithoutNode, pluginTarball, PLUGIN_VERSION } from "../helpers/plugin-executable";
import { emulatorConfig, YamlPluginStack } from "../helpers/yaml-plugin-stack";

// The release artefact: `npm run package:plugin` builds the tarball, which holds one executable
// that needs no Node.js; `pulumi plugin install --file` installs it without any network, and it
// serves the YAML example (no plugins.providers path) under plain `pulumi` commands run with no
// `node` anywhere on PATH.
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

test("with no node on PATH, the installed executable deploys; refresh keeps it; destroy forgets it", async () => {
  const env = { PULUMI_HOME: pulumiHome, PATH: pathWithoutNode() };
  execFileSync(
    "pulumi",
    ["plugin", "install", "resource", "jod", PLUGIN_VERSION, "--file", pluginTarball()],
    { env: { ...process.env, ...env }, stdio: "pipe" },
  );
  const listed = execFileSync("pulumi", ["plugin", "ls", "--json"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  expect(JSON.parse(listed)).toEqual([
    expect.objectContaining({ name: "jod", kind: "resource", version: PLUGIN_VERSION }),
  ]);
  const installed = path.join(pulumiHome, "plugins", `resource-jod-v${PLUGIN_VERSION}`);
  expect(readdirSync(installed).filter((name) => !name.startsWith("."))).toEqual([
    "pulumi-resource-jod",
  ]);

  const stack = await YamlPluginStack.create({
    ...emulatorConfig(emulator),
    plugin: "installed",
    env,
  });
  try {
    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toContain("jod: deploying 2 recorder(s)");
    const outputs = await stack.outputs();
    expect(outputs.status).toBe("ready");
    expect(outputs.recorderIps).toHaveLength(2);

    // Read and Delete: JOD has no status endpoint, so refresh keeps what state has, and
    // destroy only forgets the deployment (its recorders run until they expire).
    const refresh = await stack.ok(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.stdout).toMatch(/2 unchanged/);
    expect(await stack.outputs()).toEqual(outputs);
    await stack.ok(["preview", "--expect-no-changes"]);

    const destroy = await stack.ok(["destroy", "--yes", "--skip-preview"]);
    expect(destroy.stdout).toContain(`removed deployment ${outputs.deploymentId as string}`);
    expect(destroy.stdout).toMatch(/2 deleted/);
    expect(await stack.resources()).toHaveLength(0);
    expect(emulator.deployments()).toHaveLength(1);
  } finally {
    await stack.remove();
  }
}, 240_000);
