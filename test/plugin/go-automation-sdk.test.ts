import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import { buildGoAutomationProgram, runGoAutomationProgram } from "../helpers/go-automation-program";
import { startTestEmulator } from "../helpers/jod-test-setup";
import { PLUGIN_DIR } from "../helpers/yaml-plugin-stack";

// The generated Go SDK (sdk/go) in a Go program that runs its stack inline through the Go
// Automation API (examples/go-automation), on this checkout's plugin.
let emulator: RunningEmulator;
let stateDir: string;
beforeAll(async () => {
  emulator = await startTestEmulator();
  buildGoAutomationProgram();
}, 600_000);
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => {
  stateDir = mkdtempSync(path.join(tmpdir(), "jod-go-state-"));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

const local = () => ["-backend", `file://${stateDir}`, "-plugin-dir", PLUGIN_DIR, "-destroy"];

test("a Go program on the generated SDK deploys, reads the outputs and destroys", async () => {
  const outputs = await runGoAutomationProgram([...local(), "-recorders", "3"], emulator.url);
  expect(outputs.status).toBe("ready");
  expect(outputs.recorderIps).toHaveLength(3);
  expect(emulator.deployments().map((d) => d.deploymentId)).toEqual([outputs.deploymentId]);
}, 300_000);

test("a Go program declares a RecorderFleet: one deployment per location", async () => {
  const before = emulator.deployments().length;
  const outputs = await runGoAutomationProgram(
    [...local(), "-fleet", "lon=2,ams=1,nyc=0"],
    emulator.url,
  );
  const ips = outputs.ipsByLocation as Record<string, string[]>;
  expect(Object.keys(ips).sort()).toEqual(["ams", "lon"]);
  expect(ips.lon).toHaveLength(2);
  expect(outputs.allIps).toHaveLength(3);
  expect(outputs.totalRecorderHours).toBe(9);
  expect(
    emulator
      .deployments()
      .slice(before)
      .map((d) => d.recorderCount)
      .sort(),
  ).toEqual([1, 2]);
}, 300_000);
