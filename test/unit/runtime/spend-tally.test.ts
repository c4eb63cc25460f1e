import { SpendTally, tallyKey } from "../../../provider/src/runtime/spend-guard";
import { deploymentInputs } from "../../helpers/unit-provider-harness";

describe("SpendTally", () => {
  it("counts a resource planned twice once, and its new figure when it changes", () => {
    const tally = new SpendTally();
    expect(tally.plan("a", 6)).toEqual({ total: 6, changed: true });
    expect(tally.plan("a", 6)).toEqual({ total: 6, changed: false });
    expect(tally.plan("b", 4)).toEqual({ total: 10, changed: true });
    expect(tally.plan("a", 2)).toEqual({ total: 6, changed: true });
  });

  it("reserves up to the ceiling and refuses what would cross it", () => {
    const tally = new SpendTally();
    expect(tally.reserve(4, 10)).toMatchObject({ ok: true, total: 4 });
    expect(tally.reserve(6, 10)).toMatchObject({ ok: true, total: 10 });
    expect(tally.reserve(1, 10)).toEqual({ ok: false, total: 11 });
    // The refused hour was not kept: the reserved total is still 10.
    expect(tally.reserve(0, 10)).toMatchObject({ ok: true, total: 10 });
  });

  it("gives back a released reservation once", () => {
    const tally = new SpendTally();
    const first = tally.reserve(8, 10);
    if (!first.ok) throw new Error("expected the first reservation to pass");
    first.release();
    first.release();
    // Back to 0, not -8: the next reservation counts from nothing.
    expect(tally.reserve(10, 10)).toMatchObject({ ok: true, total: 10 });
  });

  it('has no ceiling with "none"', () => {
    const tally = new SpendTally();
    expect(tally.reserve(1_000_000, "none")).toMatchObject({ ok: true, total: 1_000_000 });
  });
});

describe("tallyKey", () => {
  it("uses __jodIdentity when the inputs carry one", () => {
    expect(tallyKey({ ...deploymentInputs(), __jodIdentity: "urn:rec" })).toBe("urn:rec");
  });

  it("falls back to the inputs, the same however they are ordered", () => {
    const inputs = deploymentInputs({ timeoutSeconds: 60 });
    const reordered = Object.fromEntries(Object.entries(inputs).reverse());
    expect(tallyKey(reordered)).toBe(tallyKey({ ...inputs }));
    expect(tallyKey({ ...inputs, location: "blr" })).not.toBe(tallyKey({ ...inputs }));
  });
});
