import type { PulumiFn } from "@pulumi/pulumi/automation";
import { useStacksOnEmulator } from "../helpers/jod-test-setup";
import { expectPreviewToFail, expectUpToFail } from "../helpers/pulumi-test-stack";
import {
  deployment,
  deploymentsInState,
  spendConfig,
  type SpendSettings,
} from "../helpers/spend-guard-setup";

jest.setTimeout(300_000);

const RAISE = "pulumi config set jod:maxRecorderHours <n>` (or `none` to turn it off)";

/** A typo: 280 recorders for 28, for 3 hours. */
const typo = async () => {
  deployment("typo", { recorders: 280, duration: 3 });
};

describe("the spend ceiling refuses before anything reaches JOD", () => {
  const fixture = useStacksOnEmulator();
  const newStack = (program: PulumiFn, spend?: SpendSettings) =>
    fixture.newStack(program, spendConfig(fixture.emulator, spend));

  it("fails preview and up for one deployment over the default ceiling", async () => {
    const stack = await newStack(typo);
    const preview = await expectPreviewToFail(stack);
    expect(preview).toContain(
      "jod:maxRecorderHours is 500 recorder-hours, and the deployment in lon for " +
        "meet.example.com buys 840 recorder-hours (280 recorder(s) × 3 h), over that ceiling.",
    );
    expect(preview).toContain(RAISE);
    const up = await expectUpToFail(stack);
    expect(up).toContain("buys 840 recorder-hours");
    expect(fixture.emulator.requests()).toHaveLength(0);
    expect(await deploymentsInState(stack)).toEqual([]);
  });

  it("fails preview for the sum of an update's new deployments", async () => {
    const stack = await newStack(
      async () => {
        for (const location of ["ams", "fra", "nyc"] as const) {
          deployment(location, { recorders: 2, duration: 2, location });
        }
      },
      { maxRecorderHours: "10", pricePerRecorderHour: "0.5" },
    );
    const preview = await expectPreviewToFail(stack);
    expect(preview).toContain(
      "buys 4 recorder-hours (2 recorder(s) × 2 h), estimated cost 2.00 at 0.5 per " +
        "recorder-hour and brings this preview/update's new deployments to 12 recorder-hours, " +
        "estimated cost 6.00 at 0.5 per recorder-hour, over that ceiling.",
    );
    expect(preview).toContain(RAISE);
    expect(fixture.emulator.requests()).toHaveLength(0);
  });

  it("fails preview and up for a replacement over the ceiling, keeping the deployment", async () => {
    let recorders = 1;
    const stack = await newStack(async () => {
      deployment("rec", { recorders, duration: 2 });
    });
    await stack.up();
    const [bought] = await stack.resourcesOfType("pulumi-nodejs:dynamic/jod:RecorderDeployment");
    fixture.emulator.reset();

    recorders = 300;
    const preview = await expectPreviewToFail(stack);
    expect(preview).toContain(
      "the deployment in lon for meet.example.com buys 600 recorder-hours (300 recorder(s) × 2 h)",
    );
    expect(preview).toContain(RAISE);
    await expectUpToFail(stack);
    expect(fixture.emulator.requests()).toHaveLength(0);
    const [kept] = await stack.resourcesOfType("pulumi-nodejs:dynamic/jod:RecorderDeployment");
    expect(kept.id).toBe(bought.id);
  });

  it('lets "none" turn the ceiling off, still stating the figures', async () => {
    const stack = await newStack(typo, { maxRecorderHours: "none" });
    const preview = await stack.preview();
    expect(preview.output).toContain(
      "new deployment in lon for meet.example.com: buys 840 recorder-hours (280 recorder(s) × " +
        "3 h); new deployments in this preview/update so far: 840 recorder-hours (no ceiling: " +
        "jod:maxRecorderHours is none)",
    );
    expect(fixture.emulator.requests()).toHaveLength(0);
  });
});
