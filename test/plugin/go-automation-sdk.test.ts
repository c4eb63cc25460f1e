import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { RunningEmulator } from "../../emulator/src";
import { startTestEmulator, TEST_API_KEY } from "../helpers/jod-test-setup";
import { PLUGIN_DIR } from "../helpers/yaml-plugin-stack";

// The generated Go SDK (sdk/go) in a Go program that runs its stack inline through the Go
// Automation API (examples/go-automation), on this checkout's plugin.
const REPO = path.resolve(__dirname, "../..");
const BINARY = path.join(REPO, ".cache", "jod-go-automation");
let emulator: RunningEmulator;
let stateDir: string;
beforeAll(async () => {
  emulator = await startTestEmulator();
  stateDir = mkdtempSync(path.join(tmpdir(), "jod-go-state-"));
});
afterAll(async () => {
  await emulator?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

test("a Go program on the generated SDK deploys, reads the outputs and destroys", async () => {
  // One core: the machine is shared (the Go build cache makes later builds quick).
  execFileSync("go", ["build", "-p", "1", "-o", BINARY, "."], {
    cwd: path.join(REPO, "examples", "go-automation"),
    env: { ...process.env, GOMAXPROCS: "1", GOFLAGS: "-mod=mod" },
    stdio: "pipe",
  });
  const { stdout } = await promisify(execFile)(
    BINARY,
    ["-backend", `file://${stateDir}`, "-plugin-dir", PLUGIN_DIR, "-recorders", "3", "-destroy"],
    {
      env: {
        ...process.env,
        PULUMI_CONFIG_PASSPHRASE: "go-automation-passphrase",
        JOD_API_KEY: TEST_API_KEY,
        JOD_ENDPOINT: emulator.url,
      },
    },
  );
  const outputs = JSON.parse(stdout) as {
    status: string;
    recorderIps: string[];
    deploymentId: string;
  };
  expect(outputs.status).toBe("ready");
  expect(outputs.recorderIps).toHaveLength(3);
  expect(emulator.deployments().map((d) => d.deploymentId)).toEqual([outputs.deploymentId]);
}, 600_000);
