import * as jod from "pulumi-jod";
import { TEST_DOMAIN } from "../helpers/jod-test-setup";
import { useSpendGuardStack } from "../helpers/spend-guard-setup";

jest.setTimeout(180_000);

const program = async () => {
  const fleet = new jod.RecorderFleet("event", {
    domain: TEST_DOMAIN,
    duration: 3,
    recorders: { lon: 2, nyc: 1 },
  });
  return { totalRecorderHours: fleet.totalRecorderHours };
};

const TOTAL_LINE =
  "RecorderFleet event: 3 recorder(s) × 3 h = 9 recorder-hours in all, estimated cost 4.50 at " +
  "0.5 per recorder-hour";

describe("a RecorderFleet states its total", () => {
  const fixture = useSpendGuardStack(program, { pricePerRecorderHour: "0.5" });

  it("in preview, before anything is sent", async () => {
    const { emulator, stack } = fixture;
    const preview = await stack.preview();
    expect(preview.diagnostics.join("\n")).toContain(TOTAL_LINE);
    expect(emulator.requests()).toHaveLength(0);
  });

  it("as the totalRecorderHours output of up, which buys exactly that", async () => {
    const { emulator, stack } = fixture;
    const up = await stack.up();
    expect(up.outputs.totalRecorderHours).toBe(9);
    expect(up.diagnostics.join("\n")).toContain(TOTAL_LINE);
    const bought = emulator.deployments().map((d) => d.recorders.length * d.duration);
    expect(bought.reduce((sum, hours) => sum + hours, 0)).toBe(9);
  });
});
