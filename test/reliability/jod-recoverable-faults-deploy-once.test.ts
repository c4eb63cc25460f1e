import { TEST_API_KEY } from "../helpers/jod-test-setup";
import { useEmulatorStack } from "../helpers/reliability-deployment-stack";
import { findKeyLeaks } from "../helpers/scripted-key-scan";
import { expectNothingLost, reconcile } from "../helpers/reliability-reconcile";

jest.setTimeout(180_000);

/** Faults the provider gets over: `pulumi up` succeeds with exactly one deployment. */
describe("a recoverable JOD fault still deploys exactly once, with the right recorders", () => {
  const fixture = useEmulatorStack({ resetEachTest: true });

  /** Runs up, which must succeed, and checks the one deployment against the stack. */
  async function upDeployedOnce(name: string): Promise<string> {
    fixture.deployment.declare(name, { recorders: 2 });
    const up = await fixture.deployment.up();
    const [paid, ...more] = fixture.emulator.deployments();
    expect(more).toEqual([]);
    expect(paid.status).toBe("succeeded");
    const [state, ...extra] = await fixture.deployment.recorded();
    expect(extra).toEqual([]);
    expect(state.id).toBe(paid.deploymentId);
    expect(state.outputs).toMatchObject({
      status: "ready",
      deployedRecorders: paid.recorders.map((r) => ({ id: r.recorder_id, ip: r.recorder_ip })),
    });
    expect(up.outputs).toMatchObject({ deploymentId: paid.deploymentId, status: "ready" });
    const reconciliation = reconcile(fixture.emulator, [state]);
    expectNothingLost(reconciliation);
    expect(reconciliation).toMatchObject({ missing: [], phantom: [], unconfirmed: 0 });
    expect(findKeyLeaks({ output: up.output }, TEST_API_KEY)).toEqual([]);
    return up.output;
  }

  it("503 once, then success: one retry, one deployment", async () => {
    fixture.emulator.setFaults({ unavailableNext: 1 });
    const output = await upDeployedOnce("unavailable-once");
    expect(fixture.emulator.requests().map((request) => request.status)).toEqual([503, 200]);
    expect(output).toContain("JOD is unavailable (HTTP 503)");
  });

  it("HTTP 500 after JOD deployed: the callback tells the id, nothing is sent again", async () => {
    fixture.emulator.setFaults({ serverErrorAfterDeployNext: 1 });
    const output = await upDeployedOnce("server-error-after-deploy");
    expect(fixture.emulator.requests().map((request) => request.status)).toEqual([500]);
    expect(output).toContain("HTTP 500");
  });

  it("duplicate callbacks: the first counts, the repeat changes nothing", async () => {
    fixture.emulator.setFaults({ callbackMode: "duplicate" });
    await upDeployedOnce("duplicate-callbacks");
    await fixture.emulator.whenCallbacksIdle();
    const [paid] = fixture.emulator.deployments();
    expect(paid.callbacksSent).toBe(2);
    expect(paid.callbackDeliveries[0].httpStatus).toBe(200);
    expect(fixture.emulator.requests()).toHaveLength(1);
  });

  it("a callback before JOD's HTTP answer: buffered, then matched", async () => {
    fixture.emulator.setFaults({ callbackBeforeResponse: true });
    await upDeployedOnce("callback-first");
    const [paid] = fixture.emulator.deployments();
    expect(paid.callbackDeliveries.map((delivery) => delivery.httpStatus)).toEqual([202]);
    expect(fixture.emulator.requests()).toHaveLength(1);
  });
});
