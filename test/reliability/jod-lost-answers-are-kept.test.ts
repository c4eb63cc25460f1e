import { KEPT_ADVICE } from "../../provider/src/errors";
import { TEST_API_KEY } from "../helpers/jod-test-setup";
import { useEmulatorStack } from "../helpers/reliability-deployment-stack";
import { findKeyLeaks } from "../helpers/scripted-key-scan";
import { expectNothingLost, reconcile } from "../helpers/reliability-reconcile";

jest.setTimeout(180_000);

/** Short enough to keep the suite fast; it also caps the client's timeout (min(30 s, this)). */
const TIMEOUT_SECONDS = 2;

/**
 * Answers that may hide a deployment (JOD documents that a 500 can lose the request part-way):
 * never retried, reported with the advice to check the dashboard, and kept in state as an
 * `unconfirmed` entry, because the deployment may exist and be paid for.
 */
describe("an answer JOD may have lost is never retried and never forgotten", () => {
  const fixture = useEmulatorStack({ resetEachTest: true });

  /**
   * Runs the failing up; checks one request, one unconfirmed entry, the advice, and that
   * reconciling the stack with JOD loses nothing.
   */
  async function upWithLostAnswer(name: string) {
    fixture.deployment.declare(name, { timeoutSeconds: TIMEOUT_SECONDS });
    const output = await fixture.deployment.upToFail();
    expect(fixture.emulator.requests()).toHaveLength(1);
    expect(output).toContain(`${KEPT_ADVICE.unconfirmed} ${KEPT_ADVICE.next}`);
    const state = await fixture.deployment.recorded();
    expect(state).toHaveLength(1);
    expect(state[0].outputs).toMatchObject({ status: "unconfirmed", recorders: 1 });
    expect(findKeyLeaks({ output, state: JSON.stringify(state) }, TEST_API_KEY)).toEqual([]);
    const reconciliation = reconcile(fixture.emulator, state);
    expectNothingLost(reconciliation);
    return { output, reconciliation };
  }

  // Answers that name no deployment: the unconfirmed entry stands for the one lost answer.
  it.each([
    {
      title: "HTTP 500 without a deployment: an unconfirmed entry stands for the lost answer",
      faults: { serverErrorNext: 1 },
      says: ["HTTP 500", "did not retry it"],
      reconciled: { paid: [], missing: [], unconfirmed: 1, lostAnswers: 1 },
    },
    {
      title: "an HTML error page from a proxy (502): kept as unconfirmed",
      faults: { htmlNext: 1 },
      says: ["HTTP 502", "502 Bad Gateway"],
      reconciled: { paid: [], unconfirmed: 1, lostAnswers: 1 },
    },
    {
      title: "a truncated JSON body (200): kept as unconfirmed",
      faults: { truncatedNext: 1 },
      says: ["HTTP 200", "JSON cut off part-way"],
      reconciled: { paid: [], unconfirmed: 1, lostAnswers: 1 },
    },
  ])("$title", async ({ faults, says, reconciled }) => {
    fixture.emulator.setFaults(faults);
    const { output, reconciliation } = await upWithLostAnswer(Object.keys(faults)[0]);
    for (const text of says) expect(output).toContain(text);
    expect(reconciliation).toMatchObject(reconciled);
  });

  it("timeout after the request was sent: not retried, and the paid deployment is covered", async () => {
    // The emulator deploys, then holds its answer longer than the client waits; no callback.
    fixture.emulator.setFaults({ responseDelayMs: 10_000, callbackMode: "drop" });
    const { output, reconciliation } = await upWithLostAnswer("timeout");
    expect(output).toContain(`did not answer within ${TIMEOUT_SECONDS * 1000} ms`);
    expect(output).toContain("did not retry it");
    expect(reconciliation.paid).toHaveLength(1);
    expect(reconciliation).toMatchObject({ recorded: [], unconfirmed: 1 });
    expect(reconciliation.missing).toEqual(reconciliation.paid);
  });

  it("a proxy's HTML 503 after JOD deployed: one POST in all, kept unconfirmed", async () => {
    // A 503 that is not JOD's JSON answer may hide a deployment: it is never retried.
    fixture.emulator.setFaults({ proxyUnavailableAfterDeployNext: 1, callbackMode: "drop" });
    const { output, reconciliation } = await upWithLostAnswer("proxy-503");
    expect(output).toContain("HTTP 503");
    expect(reconciliation.paid).toHaveLength(1);
    expect(reconciliation).toMatchObject({ recorded: [], unconfirmed: 1, lostAnswers: 1 });
  });
});
