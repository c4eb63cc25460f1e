import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import { startTestEmulator } from "../helpers/jod-test-setup";
import {
  emulatorConfig,
  expectExampleDeploys,
  YamlPluginStack,
} from "../helpers/yaml-plugin-stack";

// The release artefact: `npm run package:plugin` builds the tarball, `pulumi plugin install
// --file` installs it without any network, and the YAML example runs on the installed plugin
// (no plugins.providers path), which needs only the node on PATH.
const REPO = path.resolve(__dirname, "../..");
const { version } = JSON.parse(readFileSync(path.join(REPO, "provider/package.json"), "utf8")) as {
  version: string;
};
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
  execFileSync("node", ["scripts/package-plugin.js"], { cwd: REPO, stdio: "pipe" });
  const tarball = path.join(
    REPO,
    "dist/plugins",
    `pulumi-resource-jod-v${version}-linux-amd64.tar.gz`,
  );
  const env = { ...process.env, PULUMI_HOME: pulumiHome };
  execFileSync("pulumi", ["plugin", "install", "resource", "jod", version, "--file", tarball], {
    env,
    stdio: "pipe",
  });
  const listed = execFileSync("pulumi", ["plugin", "ls", "--json"], { env, encoding: "utf8" });
  expect(JSON.parse(listed)).toEqual(
    expect.arrayContaining([expect.objectContaining({ name: "jod", kind: "resource", version })]),
  );

  const stack = await YamlPluginStack.create({
    ...emulatorConfig(emulator),
    plugin: "installed",
    env: { PULUMI_HOME: pulumiHome },
  });
  await expectExampleDeploys(stack);
}, 180_000);
