import { successCallback } from "../../helpers/unit-callback-bodies";
import { accepted, createUnitProvider } from "../../helpers/unit-provider-harness";
import { identifiedInputs, journaledEntry, settled } from "../../helpers/unit-resume";

/**
 * A create handed a ready deployment over, and the engine never recorded it (a hard stop, or a
 * checkpoint that could not be saved). The next create hands it over again with the recorders
 * it had, without buying and without waiting for a callback that already came.
 */
describe("a hand-over after the stack lost a ready deployment", () => {
  it("returns the same deployment with its recorder ids and IPs, buying nothing", async () => {
    const inputs = identifiedInputs("hand-over/recorders", { timeoutSeconds: 5 });
    const ips = ["203.0.113.10", "198.51.100.20"];
    const first = createUnitProvider({
      script: async ({ callBackLater }) => {
        callBackLater(successCallback("dep-1", ips, "all good"));
        return accepted("dep-1");
      },
    });
    const bought = await first.provider.create(inputs);
    expect((await journaledEntry(inputs))?.outcome).toMatchObject({ kind: "ready" });

    const resumed = createUnitProvider({ script: async () => accepted("dep-2") });
    const result = await settled(resumed.provider.create({ ...inputs, timeoutSeconds: 900 }));
    expect(resumed.requests).toHaveLength(0);
    // The same outputs, but for the resumed create's own timeoutSeconds (an input).
    expect(result).toEqual({ ...bought, outs: { ...bought.outs, timeoutSeconds: 900 } });
    expect(resumed.logs.join("\n")).toContain(
      "deployment dep-1 handed over again with its 2 recorder(s)",
    );
  });
});
