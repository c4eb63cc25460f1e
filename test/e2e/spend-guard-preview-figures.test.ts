import { deployment, useSpendGuardStack } from "../helpers/spend-guard-setup";

jest.setTimeout(180_000);

const program = async () => {
  deployment("lon", { recorders: 28, duration: 3, location: "lon" });
  deployment("blr", { recorders: 2, duration: 1, location: "blr" });
};

describe("preview states what each new deployment buys", () => {
  const fixture = useSpendGuardStack(program, { pricePerRecorderHour: "0.35" });

  it("with recorder-hours, estimated cost and the running total against the ceiling", async () => {
    const { emulator, stack } = fixture;
    const preview = await stack.preview();
    expect(preview.output).toContain(
      "jod: new deployment in lon for meet.example.com: buys 84 recorder-hours (28 recorder(s) " +
        "× 3 h), estimated cost 29.40 at 0.35 per recorder-hour",
    );
    expect(preview.output).toContain(
      "jod: new deployment in blr for meet.example.com: buys 2 recorder-hours (2 recorder(s) × " +
        "1 h), estimated cost 0.70 at 0.35 per recorder-hour",
    );
    // The engine checks the two in either order; the second one states the sum.
    expect(preview.output).toContain(
      "new deployments in this preview/update so far: 86 of the 500 recorder-hours " +
        "jod:maxRecorderHours allows",
    );
    expect(preview.changeSummary).toMatchObject({ create: 3 });
    expect(emulator.requests()).toHaveLength(0);
  });
});
