import { TEST_API_KEY } from "../helpers/jod-test-setup";
import { useEmulatorStack } from "../helpers/reliability-deployment-stack";
import { findKeyLeaks } from "../helpers/scripted-key-scan";
import {
  expectKeptAwaitingCallback,
  expectNextUpReportsAwaiting,
  expectNothingLost,
  reconcile,
} from "../helpers/reliability-reconcile";

jest.setTimeout(180_000);

const TIMEOUT_SECONDS = 2;

/** JOD accepted the deployment, then its callback failed, never came, or named another id. */
describe("a bad or missing callback fails `pulumi up` clearly and keeps what is paid for", () => {
  const fixture = useEmulatorStack({ resetEachTest: true });

  async function upToFail(name: string): Promise<string> {
    fixture.deployment.declare(name, { timeoutSeconds: TIMEOUT_SECONDS });
    const output = await fixture.deployment.upToFail();
    expect(fixture.emulator.requests()).toHaveLength(1);
    expect(findKeyLeaks({ output }, TEST_API_KEY)).toEqual([]);
    return output;
  }

  it("failure callback: JOD's reason, refunded, nothing in state", async () => {
    fixture.emulator.setFaults({ callbackMode: "failure" });
    const output = await upToFail("failure-callback");
    expect(output).toContain("could not complete deployment");
    expect(output).toContain("recorders not available in specified location");
    expect(fixture.emulator.deployments().map((d) => [d.status, d.refunded])).toEqual([
      ["failed", true],
    ]);
    const state = await fixture.deployment.recorded();
    expect(state).toEqual([]);
    const reconciliation = reconcile(fixture.emulator, state);
    expectNothingLost(reconciliation);
    expect(reconciliation).toMatchObject({ paid: [], recorded: [], unconfirmed: 0 });
  });

  it("no callback by the deadline: kept as awaiting-callback, and the next up says so", async () => {
    fixture.emulator.setFaults({ callbackMode: "drop" });
    const output = await upToFail("no-callback");
    const [paid] = fixture.emulator.deployments();
    expect(output).toContain(`JOD accepted deployment ${paid.deploymentId}`);
    expect(output).toContain(`did not call back within ${TIMEOUT_SECONDS} s`);
    await expectKeptAwaitingCallback(fixture, paid.deploymentId);
    await expectNextUpReportsAwaiting(fixture, paid.deploymentId);
  });

  it("a callback for another deployment id: refused, and the real id is kept", async () => {
    fixture.emulator.setFaults({ callbackMode: "wrong-deployment-id" });
    const output = await upToFail("wrong-id");
    await fixture.emulator.whenCallbacksIdle();
    const [paid] = fixture.emulator.deployments();
    expect(paid.callbackDeliveries.map((delivery) => delivery.httpStatus)).toEqual([409]);
    expect(output).toContain("callback endpoint: wrong-deployment");
    expect(output).toContain(`did not call back within ${TIMEOUT_SECONDS} s`);
    const state = await fixture.deployment.recorded();
    expect(state.map((entry) => [entry.id, entry.outputs?.status])).toEqual([
      [paid.deploymentId, "awaiting-callback"],
    ]);
    expect(state[0].outputs?.deployedRecorders).toEqual([]);
    const reconciliation = reconcile(fixture.emulator, state);
    expectNothingLost(reconciliation);
    expect(reconciliation).toMatchObject({ paid: [paid.deploymentId], missing: [] });
  });
});
