import type { JournalEntry, JournalRequest } from "../journal/journal-entry";

/**
 * What a create does about money, decided from what an earlier run of the same resource left in
 * the journal:
 * - `post`: buy a new deployment (`abandoned` names one an earlier run bought for other inputs);
 * - `adopt`: JOD accepted a deployment for these inputs that the stack never recorded: wait for
 *   its callback instead of buying it again;
 * - `hand-over`: the callback already came, but the stack never recorded the result: hand it
 *   over again;
 * - `keep-unconfirmed`: a POST went out but its answer was never recorded: JOD may have deployed,
 *   so posting again could buy twice; the stack keeps an `unconfirmed` entry;
 * - `refuse`: the journal cannot tell, so nothing is sent.
 */
export type PurchaseAction =
  | { kind: "post"; why: string; abandoned?: string }
  | { kind: "adopt"; deploymentId: string; why: string }
  | { kind: "hand-over"; deploymentId: string; why: string }
  | { kind: "keep-unconfirmed"; why: string }
  | { kind: "refuse"; why: string };

/**
 * What the decision looks at. Every fact is evidence: the journal records what this provider
 * sent and what JOD answered, and the engine's Delete of a deployment (a `destroy`, or a
 * replacement, which RecorderDeployment makes delete before it creates) is recorded as its
 * release. Nothing is inferred from signals, timing or how a process ended.
 */
export interface PurchaseFacts {
  /** This resource's journal entry: none, or one that could not be read. */
  entry: JournalEntry | undefined | "unreadable";
  /** What this create would ask JOD for. */
  requested: JournalRequest;
  /** The fingerprint of the JOD endpoint and API key this create would buy with. */
  account: string;
  now: Date;
}

/**
 * The one place that decides whether a create buys. Pure: the same facts give the same action.
 * The table it implements is stated in the README ("After a hard stop") and tested row by row.
 * Where the facts cannot tell a resume from a purchase the user asked for, it takes the side
 * that never pays twice: the create then says so with the deployment id.
 */
export function decidePurchase({ entry, requested, account, now }: PurchaseFacts): PurchaseAction {
  if (entry === "unreadable") {
    return {
      kind: "refuse",
      why: "this resource's deployment journal entry is unreadable, and it may record a deployment JOD accepted",
    };
  }
  if (entry === undefined) return { kind: "post", why: "no earlier run bought it" };
  const { outcome, deploymentId } = entry;
  if (outcome?.kind === "released") {
    return {
      kind: "post",
      why: "the stack let the earlier deployment go (destroy or replacement)",
    };
  }
  if (outcome?.kind === "failed") {
    return { kind: "post", why: "an earlier run sent nothing, or JOD refused it" };
  }
  const earlier = deploymentId ?? `the request sent at ${entry.deployedAt ?? entry.updatedAt}`;
  if (entry.account !== undefined && entry.account !== account) {
    return {
      kind: "post",
      why: `${earlier} was bought from another JOD endpoint or with another API key`,
    };
  }
  if (entry.expiresAt !== undefined && Date.parse(entry.expiresAt) <= now.getTime()) {
    return {
      kind: "post",
      why: `${earlier}, bought by an earlier run, expired at ${entry.expiresAt}`,
    };
  }
  const same = (Object.keys(requested) as (keyof JournalRequest)[]).every(
    (key) => entry.request[key] === requested[key],
  );
  if (!same) {
    return {
      kind: "post",
      why: `the inputs changed since an earlier run bought ${earlier}`,
      abandoned: earlier,
    };
  }
  if (
    deploymentId === undefined ||
    (outcome?.kind === "partial" && outcome.status === "unconfirmed")
  ) {
    return {
      kind: "keep-unconfirmed",
      why: "an earlier run sent it and its answer was never recorded in the stack",
    };
  }
  if (outcome?.kind === "ready") {
    return {
      kind: "hand-over",
      deploymentId,
      why: "its callback came in an earlier run, and no Delete of it has reached the provider since",
    };
  }
  return {
    kind: "adopt",
    deploymentId,
    why: "JOD accepted it in an earlier run, and no Delete of it has reached the provider since",
  };
}
