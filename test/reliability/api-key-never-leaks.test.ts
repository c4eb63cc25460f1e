import { readFileSync } from "node:fs";
import path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/src";
import { jodConfig, TEST_API_KEY, TEST_DOMAIN } from "../helpers/jod-test-setup";
import type { OperationReport } from "../helpers/pulumi-test-stack";
import { SwitchableDeploymentStack } from "../helpers/reliability-deployment-stack";
import { findKeyLeaks } from "../helpers/scripted-key-scan";

jest.setTimeout(180_000);

/** A second key, refused by JOD: a wrong key is as secret as the right one. */
const WRONG_KEY = "JOD-51d0a7e2-93c4-4f1b-8e6d-0badc0ffee42";

describe("the API key after successful and failed runs", () => {
  let emulator: RunningEmulator;
  let deployment: SwitchableDeploymentStack;
  const emulatorLog: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({
      accounts: [{ apiKey: TEST_API_KEY, balance: 100, domains: [TEST_DOMAIN] }],
      callbackDelayMs: 50,
      log: (line) => emulatorLog.push(line),
    });
    deployment = await SwitchableDeploymentStack.create(jodConfig(emulator));
  });
  afterAll(async () => {
    await deployment?.remove();
    await emulator?.close();
  });

  it("shows nowhere: CLI and provider output, stack export and files, what JOD received", async () => {
    const seen: Record<string, string> = {};
    const keep = (name: string, report: OperationReport) => {
      seen[name] = [report.output, ...report.diagnostics].join("\n");
    };
    const keepFailure = async (name: string) => {
      seen[name] = await deployment.upToFail();
    };

    deployment.declare("ready", { recorders: 2 });
    keep("preview", await deployment.stack.preview());
    keep("up", await deployment.up());
    keep("refresh", await deployment.stack.refresh());

    emulator.setFaults({ serverErrorNext: 1 });
    deployment.declare("lost-answer", { timeoutSeconds: 2 });
    await keepFailure("up with HTTP 500");
    emulator.setFaults({ callbackMode: "failure" });
    deployment.declare("failed-callback", { timeoutSeconds: 2 });
    await keepFailure("up with a failure callback");
    emulator.clearFaults();

    const stack = deployment.stack.stack;
    await stack.setConfig("jod:apiKey", { value: WRONG_KEY, secret: true });
    deployment.declare("wrong-key");
    await keepFailure("up with a wrong key");
    await stack.setConfig("jod:apiKey", jodConfig(emulator)["jod:apiKey"]);

    seen["stack export and state files"] = await deployment.stack.exportState();
    seen["stack config file"] = readFileSync(
      path.join(deployment.stack.workDir, "Pulumi.test.yaml"),
      "utf8",
    );
    keep("destroy", await deployment.stack.destroy());
    seen["requests JOD received"] = JSON.stringify(emulator.requests());
    seen["deployments and callback URLs"] = JSON.stringify(emulator.deployments());
    seen["JOD's log"] = emulatorLog.join("\n");

    // The runs happened as planned, so there was output to leak into.
    expect(emulator.requests().map((request) => request.status)).toEqual([200, 500, 200, 401]);
    expect(seen["up with HTTP 500"]).toContain("HTTP 500");
    expect(seen["up with a wrong key"]).toContain("HTTP 401");
    expect(seen["stack config file"]).toContain("secure:");
    expect(emulatorLog.length).toBeGreaterThanOrEqual(5);

    expect(findKeyLeaks(seen, TEST_API_KEY)).toEqual([]);
    expect(findKeyLeaks(seen, WRONG_KEY)).toEqual([]);
  });
});
