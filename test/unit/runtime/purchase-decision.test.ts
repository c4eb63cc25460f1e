import type { JournalEntry } from "../../../provider/src/journal/journal-entry";
import {
  decidePurchase,
  type PurchaseAction,
  type PurchaseFacts,
} from "../../../provider/src/runtime/purchase-decision";

const NOW = new Date("2030-01-01T12:00:00Z");
const REQUESTED = { domain: "meet.example.com", recorders: 2, duration: 3, location: "lon" };

/** An entry for REQUESTED, not expired, with `change` applied. */
function entry(change: Partial<JournalEntry>): JournalEntry {
  return {
    identity: "org/project/stack|jod:RecorderDeployment::rec",
    phase: "sending",
    updatedAt: "2030-01-01T11:59:00Z",
    deployedAt: "2030-01-01T11:59:00Z",
    expiresAt: "2030-01-01T14:59:00Z",
    request: REQUESTED,
    callbackNonce: "0".repeat(32),
    ...change,
  };
}

const accepted = entry({ phase: "accepted", deploymentId: "dep-1" });
const sending = entry({});
const ready = entry({
  phase: "done",
  deploymentId: "dep-1",
  outcome: { kind: "ready", message: "" },
});
const awaiting = entry({
  phase: "done",
  deploymentId: "dep-1",
  outcome: { kind: "partial", status: "awaiting-callback", message: "" },
});
const unconfirmed = entry({
  phase: "done",
  deploymentId: "unconfirmed-1893499140000",
  outcome: { kind: "partial", status: "unconfirmed", message: "" },
});
const failed = entry({ phase: "done", outcome: { kind: "failed", message: "refused" } });
const released = entry({
  phase: "done",
  deploymentId: "dep-1",
  outcome: { kind: "released", message: "destroyed" },
});
const expired = { expiresAt: "2030-01-01T12:00:00Z" };
const other = { request: { ...REQUESTED, recorders: 3 } };
/** The account this create buys with, and another one (another endpoint or API key). */
const ACCOUNT = "a".repeat(32);
const ours = { account: ACCOUNT };
const theirs = { account: "b".repeat(32) };

type Row = [
  what: string,
  entry: PurchaseFacts["entry"],
  expected: PurchaseAction["kind"],
  abandoned?: string,
];

// Every phase and outcome an entry can have, against an expired deployment, changed inputs and
// another account. Nothing but the entry and the request decides: no fact comes from a signal.
const ROWS: Row[] = [
  ["no entry: a first purchase", undefined, "post"],
  ["an unreadable entry: it may hide a paid deployment", "unreadable", "refuse"],
  ["JOD refused, or nothing was sent", failed, "post"],
  ["released by the engine's Delete (destroy, a replacement)", released, "post"],
  ["released, even for the same inputs and account", entry({ ...released, ...ours }), "post"],
  ["sent, answer never recorded", sending, "keep-unconfirmed"],
  ["kept unconfirmed, never released", unconfirmed, "keep-unconfirmed"],
  ["accepted, never released", accepted, "adopt"],
  ["kept awaiting its callback, never released", awaiting, "adopt"],
  ["its callback came, never released", ready, "hand-over"],
  ["accepted with this account", entry({ ...accepted, ...ours }), "adopt"],
  ["ready with this account", entry({ ...ready, ...ours }), "hand-over"],
  ["accepted with another account", entry({ ...accepted, ...theirs }), "post"],
  ["ready with another account", entry({ ...ready, ...theirs }), "post"],
  ["sent with another account", entry({ ...sending, ...theirs }), "post"],
  ["accepted but expired", entry({ ...accepted, ...expired }), "post"],
  ["ready but expired", entry({ ...ready, ...expired }), "post"],
  ["sent but expired", entry({ ...sending, ...expired }), "post"],
  ["accepted for other inputs", entry({ ...accepted, ...other }), "post", "dep-1"],
  ["ready for other inputs", entry({ ...ready, ...other }), "post", "dep-1"],
  [
    "sent for other inputs",
    entry({ ...sending, ...other }),
    "post",
    "the request sent at 2030-01-01T11:59:00Z",
  ],
];

describe("decidePurchase: what a create buys", () => {
  it.each(
    ROWS.map(([what, earlier, expected, abandoned]) => ({ what, earlier, expected, abandoned })),
  )("$what → $expected", ({ earlier, expected, abandoned }) => {
    const action = decidePurchase({
      entry: earlier,
      requested: REQUESTED,
      account: ACCOUNT,
      now: NOW,
    });
    expect(action.kind).toBe(expected);
    expect(action.kind === "post" ? action.abandoned : undefined).toBe(abandoned);
    expect(action.why).not.toBe("");
  });

  it("names the deployment it adopts or hands over", () => {
    const facts = { requested: REQUESTED, account: ACCOUNT, now: NOW };
    expect(decidePurchase({ ...facts, entry: accepted })).toMatchObject({ deploymentId: "dep-1" });
    expect(decidePurchase({ ...facts, entry: ready })).toMatchObject({ deploymentId: "dep-1" });
  });

  it("says which account bought an entry it does not adopt", () => {
    const action = decidePurchase({
      entry: entry({ ...accepted, ...theirs }),
      requested: REQUESTED,
      account: ACCOUNT,
      now: NOW,
    });
    expect(action.why).toContain(
      "dep-1 was bought from another JOD endpoint or with another API key",
    );
  });
});
