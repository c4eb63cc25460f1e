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

type Row = [
  what: string,
  entry: PurchaseFacts["entry"],
  engineHolds: boolean,
  expected: PurchaseAction["kind"],
  abandoned?: string,
];

// Every phase and outcome an entry can have, against the engine holding it or not, an expired
// deployment and changed inputs.
const ROWS: Row[] = [
  ["no entry: a first purchase", undefined, false, "post"],
  ["an unreadable entry: it may hide a paid deployment", "unreadable", false, "refuse"],
  ["JOD refused, or nothing was sent", failed, false, "post"],
  ["the stack let the deployment go (destroy, expiry)", released, false, "post"],
  ["sent, answer never recorded", sending, false, "keep-unconfirmed"],
  ["kept unconfirmed, the engine never recorded it", unconfirmed, false, "keep-unconfirmed"],
  ["accepted, the engine never recorded it", accepted, false, "adopt"],
  ["kept awaiting its callback, never recorded", awaiting, false, "adopt"],
  ["its callback came, the engine never recorded it", ready, false, "hand-over"],
  ["ready and held by the engine: --replace buys anew", ready, true, "post"],
  ["awaiting and held by the engine: --replace buys anew", awaiting, true, "post"],
  ["unconfirmed and held by the engine: --replace buys anew", unconfirmed, true, "post"],
  ["accepted but expired", entry({ ...accepted, ...expired }), false, "post"],
  ["ready but expired", entry({ ...ready, ...expired }), false, "post"],
  ["sent but expired", entry({ ...sending, ...expired }), false, "post"],
  ["accepted for other inputs", entry({ ...accepted, ...other }), false, "post", "dep-1"],
  ["ready for other inputs", entry({ ...ready, ...other }), false, "post", "dep-1"],
  [
    "sent for other inputs",
    entry({ ...sending, ...other }),
    false,
    "post",
    "the request sent at 2030-01-01T11:59:00Z",
  ],
  ["held and for other inputs: a replacement", entry({ ...ready, ...other }), true, "post"],
  ["released, even if held", entry({ ...released, held: true }), true, "post"],
];

describe("decidePurchase: what a create buys", () => {
  it.each(
    ROWS.map(([what, earlier, engineHolds, expected, abandoned]) => ({
      what,
      earlier,
      engineHolds,
      expected,
      abandoned,
    })),
  )("$what → $expected", ({ earlier, engineHolds, expected, abandoned }) => {
    const action = decidePurchase({ entry: earlier, engineHolds, requested: REQUESTED, now: NOW });
    expect(action.kind).toBe(expected);
    expect(action.kind === "post" ? action.abandoned : undefined).toBe(abandoned);
    expect(action.why).not.toBe("");
  });

  it("names the deployment it adopts or hands over", () => {
    const facts = { engineHolds: false, requested: REQUESTED, now: NOW };
    expect(decidePurchase({ ...facts, entry: accepted })).toMatchObject({ deploymentId: "dep-1" });
    expect(decidePurchase({ ...facts, entry: ready })).toMatchObject({ deploymentId: "dep-1" });
  });
});
