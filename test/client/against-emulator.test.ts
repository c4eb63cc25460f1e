import type { FaultSettings, RunningEmulator } from "../../emulator/src";
import type { DeployRecordersRequest } from "../../provider/src/client/jod-client";
import { JodError } from "../../provider/src/errors";
import { CallbackReceiver } from "../helpers/callback-receiver";
import { fastClient } from "../helpers/scripted-client-fixtures";
import { startTestEmulator, TEST_API_KEY, TEST_DOMAIN } from "../helpers/jod-test-setup";

// The real client against the real emulator, one documented outcome per row: what the client
// throws, and how many requests and deployments the emulator saw (never two deployments). The
// proxy's 503 and the stalled answer are the cases where JOD deployed although the client got
// no usable answer.
interface Refusal {
  faults: FaultSettings;
  request?: Partial<DeployRecordersRequest>;
  code: string;
  mayHaveDeployed: boolean;
  requests: number;
  deployments: number;
}
const REFUSALS: Record<string, Refusal> = {
  "401 for a wrong key": {
    faults: {},
    request: { apiKey: "JOD-wrong-key-000000" },
    code: "UNAUTHORIZED",
    mayHaveDeployed: false,
    requests: 1,
    deployments: 0,
  },
  "402 when the balance is short": {
    faults: {},
    request: { recorders: 100, duration: 720 },
    code: "INSUFFICIENT_BALANCE",
    mayHaveDeployed: false,
    requests: 1,
    deployments: 0,
  },
  "406 for an unconfigured domain": {
    faults: {},
    request: { domain: "other.example.org" },
    code: "INCOMPLETE_CONFIGURATION",
    mayHaveDeployed: false,
    requests: 1,
    deployments: 0,
  },
  "500, never retried": {
    faults: { serverErrorNext: 1 },
    code: "SERVER_ERROR",
    mayHaveDeployed: true,
    requests: 1,
    deployments: 0,
  },
  "503 for good, retried then reported": {
    faults: { maintenance: true },
    code: "SERVICE_UNAVAILABLE",
    mayHaveDeployed: false,
    requests: 4,
    deployments: 0,
  },
  "200 with it: failed": {
    faults: { failedNext: 1 },
    code: "DEPLOYMENT_REJECTED",
    mayHaveDeployed: false,
    requests: 1,
    deployments: 0,
  },
  "an HTML page from a proxy": {
    faults: { htmlNext: 1 },
    code: "INVALID_RESPONSE",
    mayHaveDeployed: true,
    requests: 1,
    deployments: 0,
  },
  "a truncated body": {
    faults: { truncatedNext: 1 },
    code: "INVALID_RESPONSE",
    mayHaveDeployed: true,
    requests: 1,
    deployments: 0,
  },
  "a proxy's HTML 503 after JOD deployed": {
    faults: { proxyUnavailableAfterDeployNext: 1 },
    code: "INVALID_RESPONSE",
    mayHaveDeployed: true,
    requests: 1,
    deployments: 1,
  },
  "a stalled answer after JOD deployed": {
    faults: { responseDelayMs: 3_000 },
    code: "TIMEOUT",
    mayHaveDeployed: true,
    requests: 1,
    deployments: 1,
  },
};

describe("the JOD client against the emulator", () => {
  let emulator: RunningEmulator;
  const receiver = new CallbackReceiver();
  const request = (overrides: Partial<DeployRecordersRequest> = {}): DeployRecordersRequest => ({
    apiKey: TEST_API_KEY,
    domain: TEST_DOMAIN,
    recorders: 1,
    duration: 1,
    location: "fra",
    callbackUrl: receiver.url,
    ...overrides,
  });

  beforeAll(async () => {
    emulator = await startTestEmulator(10);
    await receiver.start();
  });
  beforeEach(() => emulator.reset());
  afterAll(async () => {
    await receiver.stop();
    await emulator.close();
  });

  it("deploys once and reports JOD's id and balance", async () => {
    const result = await fastClient(emulator.url).client.deployRecorders(request());
    expect(emulator.deployments().map((d) => d.deploymentId)).toEqual([result.deploymentId]);
    expect(result.balance).toBe(emulator.balanceOf(TEST_API_KEY));
    expect(result.attempts).toBe(1);
  });

  it("retries a 503 once and deploys exactly once", async () => {
    emulator.setFaults({ unavailableNext: 1 });
    const result = await fastClient(emulator.url).client.deployRecorders(request());
    expect(result.attempts).toBe(2);
    expect(emulator.requests()).toHaveLength(2);
    expect(emulator.deployments()).toHaveLength(1);
  });

  it.each(Object.entries(REFUSALS))("%s", async (_name, refusal) => {
    emulator.setFaults(refusal.faults);
    const { client } = fastClient(emulator.url, { timeoutMs: 1_000 });
    const error = await client.deployRecorders(request(refusal.request)).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(JodError);
    expect(error).toMatchObject({ code: refusal.code, mayHaveDeployed: refusal.mayHaveDeployed });
    expect(emulator.requests()).toHaveLength(refusal.requests);
    expect(emulator.deployments()).toHaveLength(refusal.deployments);
    expect(JSON.stringify(error) + String(error)).not.toContain(TEST_API_KEY);
  });

  it("reports a refused connection without sending anything", async () => {
    const closed = await startTestEmulator();
    const url = closed.url;
    await closed.close();
    const error = await fastClient(url)
      .client.deployRecorders(request())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONNECTION_FAILED", mayHaveDeployed: false });
  });
});
