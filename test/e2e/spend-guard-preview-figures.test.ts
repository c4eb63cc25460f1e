import type { RunningEmulator } from "../../emulator/src";
import { startTestEmulator } from "../helpers/jod-test-setup";
import { PulumiTestStack } from "../helpers/pulumi-test-stack";
import { deployment, spendConfig } from "../helpers/spend-guard-setup";

jest.setTimeout(180_000);

const program = async () => {
  deployment("lon", { recorders: 28, duration: 3, location: "lon" });
  deployment("blr", { recorders: 2, duration: 1, location: "blr" });
};

describe("preview states what each new deployment buys", () => {
  let emulator: RunningEmulator;
  let stack: PulumiTestStack;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    stack = await PulumiTestStack.create({
      program,
      config: spendConfig(emulator, { pricePerRecorderHour: "0.35" }),
    });
  });
  afterAll(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  it("with recorder-hours, estimated cost and the running total against the ceiling", async () => {
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
