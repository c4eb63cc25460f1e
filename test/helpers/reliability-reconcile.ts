import type { RunningEmulator } from "../../emulator/src";
import type { RecordedRequest } from "../../emulator/src/request-log";
import type { EmulatorStackFixture } from "./reliability-deployment-stack";

/** A RecorderDeployment as the stack (or a direct provider call) recorded it. */
export interface RecordedDeployment {
  id?: string;
  outputs?: Record<string, unknown>;
}

/**
 * What JOD (the emulator) charged for, against what the stack knows.
 *
 * An `unconfirmed` entry stands for a request whose answer was lost: the provider cannot know
 * the deployment's id, so it may account for one paid deployment that is `missing` by id.
 */
export interface Reconciliation {
  /** Deploy requests the emulator received (all compared). */
  requests: number;
  /** Deployments the emulator accepted and did not refund, by id. */
  paid: string[];
  /** Deployment ids in state, `unconfirmed` entries left out. */
  recorded: string[];
  /** Entries whose status is `unconfirmed`. */
  unconfirmed: number;
  /** Paid deployments whose id is not in state. */
  missing: string[];
  /** Ids in state that the emulator never charged for. */
  phantom: string[];
  /** Requests the provider got no definite answer to, which alone justify `unconfirmed`. */
  lostAnswers: number;
}

/**
 * Statuses after which JOD has certainly not deployed (and the client knows it). A 503 counts
 * only without a deployment: a proxy's 503 can hide one JOD made.
 */
const REFUSED = new Set([400, 401, 402, 406, 415]);

export function reconcile(
  emulator: RunningEmulator,
  resources: RecordedDeployment[],
): Reconciliation {
  const deployments = emulator.deployments();
  const paid = deployments.filter((d) => !d.refunded).map((d) => d.deploymentId);
  const refunded = new Set(deployments.filter((d) => d.refunded).map((d) => d.deploymentId));
  const isUnconfirmed = (r: RecordedDeployment) => r.outputs?.status === "unconfirmed";
  const recorded = resources.filter((r) => !isUnconfirmed(r)).map((r) => String(r.id));
  const requests = emulator.requests();
  const definite = (request: RecordedRequest) =>
    REFUSED.has(request.status ?? 0) ||
    (request.status === 503 && request.deploymentId === null) ||
    // HTTP 200 with it:"failed" (JSON, so it has a message) and no deployment.
    (request.status === 200 && request.message !== null && request.deploymentId === null) ||
    (request.deploymentId !== null &&
      (recorded.includes(request.deploymentId) || refunded.has(request.deploymentId)));
  return {
    requests: requests.length,
    paid: paid.sort(),
    recorded: recorded.sort(),
    unconfirmed: resources.filter(isUnconfirmed).length,
    missing: paid.filter((id) => !recorded.includes(id)).sort(),
    phantom: recorded.filter((id) => !paid.includes(id)).sort(),
    lostAnswers: requests.filter((request) => !definite(request)).length,
  };
}

/**
 * Nothing lost, nothing invented: every paid deployment is in state by id or covered by an
 * `unconfirmed` entry, every id in state was paid for, and `unconfirmed` entries only stand for
 * requests whose answer was lost.
 */
export function expectNothingLost(reconciliation: Reconciliation): void {
  expect(reconciliation.phantom).toEqual([]);
  expect(reconciliation.missing.length).toBeLessThanOrEqual(reconciliation.unconfirmed);
  expect(reconciliation.unconfirmed).toBeLessThanOrEqual(reconciliation.lostAnswers);
}

/** The stack holds the paid `deploymentId` awaiting its callback, and nothing is lost. */
export async function expectKeptAwaitingCallback(
  fixture: EmulatorStackFixture,
  deploymentId: string,
): Promise<void> {
  const state = await fixture.deployment.recorded();
  expect(state.map((entry) => [entry.id, entry.outputs?.status])).toEqual([
    [deploymentId, "awaiting-callback"],
  ]);
  const reconciliation = reconcile(fixture.emulator, state);
  expectNothingLost(reconciliation);
  expect(reconciliation).toMatchObject({ paid: [deploymentId], missing: [] });
}

/**
 * With JOD's faults cleared, the next `pulumi up` says the kept deployment still awaits its
 * callback, and asks JOD nothing more.
 */
export async function expectNextUpReportsAwaiting(
  fixture: EmulatorStackFixture,
  deploymentId: string,
): Promise<void> {
  fixture.emulator.clearFaults();
  const up = await fixture.deployment.up();
  expect(up.output).toContain(`deployment ${deploymentId} (1 recorder(s) in ams`);
  expect(up.output).toContain("is awaiting-callback: JOD accepted it (it is paid for");
  expect(fixture.emulator.requests()).toHaveLength(1);
}
