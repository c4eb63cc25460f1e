import { jodConfig, TEST_API_KEY } from "../helpers/jod-test-setup";
import { useEmulatorStack } from "../helpers/reliability-deployment-stack";
import { findKeyLeaks } from "../helpers/scripted-key-scan";
import { freePort } from "../helpers/reliability-processes";
import { expectNothingLost, reconcile } from "../helpers/reliability-reconcile";

jest.setTimeout(180_000);

const WRONG_KEY = "JOD-00000000-0000-4000-8000-wrongwrong00";

/**
 * JOD answers that certainly deployed nothing: `pulumi up` fails with the cause, nothing is
 * kept in state, and only retryable answers (503, refused connections) are sent again.
 */
describe("a JOD refusal fails `pulumi up` and leaves nothing behind", () => {
  const fixture = useEmulatorStack({ resetEachTest: true });

  /** Runs the failing up and checks what every refusal has in common. */
  async function upRefused(name: string, args: Record<string, unknown> = {}): Promise<string> {
    fixture.deployment.declare(name, args);
    const output = await fixture.deployment.upToFail();
    expect(fixture.emulator.deployments()).toEqual([]);
    const state = await fixture.deployment.recorded();
    expect(state).toEqual([]);
    const reconciliation = reconcile(fixture.emulator, state);
    expectNothingLost(reconciliation);
    expect(reconciliation).toMatchObject({ paid: [], recorded: [], unconfirmed: 0 });
    expect(findKeyLeaks({ output }, TEST_API_KEY)).toEqual([]);
    return output;
  }

  it("401: names the key problem and sends one request", async () => {
    await fixture.deployment.stack.stack.setConfig("jod:apiKey", {
      value: WRONG_KEY,
      secret: true,
    });
    try {
      const output = await upRefused("unauthorized");
      expect(output).toMatch(/HTTP 401/);
      expect(output).toMatch(/generate a new key in the JOD dashboard/i);
      expect(findKeyLeaks({ output }, WRONG_KEY)).toEqual([]);
      expect(fixture.emulator.requests()).toHaveLength(1);
    } finally {
      await fixture.deployment.stack.stack.setConfig(
        "jod:apiKey",
        jodConfig(fixture.emulator)["jod:apiKey"],
      );
    }
  });

  it("402: says the balance is too low and sends one request", async () => {
    const output = await upRefused("poor", { recorders: 50, duration: 5 });
    expect(output).toMatch(/HTTP 402/);
    expect(output).toMatch(/balance is too low/);
    expect(fixture.emulator.requests()).toHaveLength(1);
  });

  it("406: names the unconfigured domain and sends one request", async () => {
    const output = await upRefused("unconfigured", { domain: "other.example.org" });
    expect(output).toMatch(/HTTP 406/);
    expect(output).toContain('"other.example.org"');
    expect(fixture.emulator.requests()).toHaveLength(1);
  });

  it('200 with it:"failed": reports JOD\'s message and sends one request', async () => {
    fixture.emulator.setFaults({ failedNext: 1 });
    const output = await upRefused("declined");
    expect(output).toContain("JOD declined the deployment");
    expect(output).toContain("deployment could not be scheduled");
    expect(fixture.emulator.requests()).toHaveLength(1);
  });

  it("503 that persists: retries, then says JOD is unavailable", async () => {
    fixture.emulator.setFaults({ maintenance: true });
    const output = await upRefused("maintenance");
    expect(output).toMatch(/HTTP 503/);
    expect(output).toMatch(/nothing was deployed/);
    // The client's default: 3 retries after the first attempt.
    expect(fixture.emulator.requests().map((request) => request.status)).toEqual([
      503, 503, 503, 503,
    ]);
  });

  it("connection refused: says nothing was sent", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    await fixture.deployment.stack.stack.setConfig("jod:endpoint", { value: closed });
    try {
      const output = await upRefused("refused");
      expect(output).toContain("ECONNREFUSED");
      expect(output).toContain("nothing was sent, so nothing was deployed");
      expect(output).toContain("after 4 attempts");
      expect(fixture.emulator.requests()).toEqual([]);
    } finally {
      await fixture.deployment.stack.stack.setConfig("jod:endpoint", {
        value: fixture.emulator.url,
      });
    }
  });
});
