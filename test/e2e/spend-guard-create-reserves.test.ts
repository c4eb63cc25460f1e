import { expectUpToFail } from "../helpers/pulumi-test-stack";
import { deployment, deploymentsInState, useSpendGuardStack } from "../helpers/spend-guard-setup";

jest.setTimeout(300_000);

/**
 * Two deployments with identical inputs: without a resource identity, check cannot tell them
 * apart and counts them once, so it is create's reservation that must refuse the second.
 */
const program = async () => {
  const first = deployment("first", { recorders: 2, duration: 2 });
  deployment("second", { recorders: 2, duration: 2, domain: first.domain });
};

describe("create reserves recorder-hours before posting", () => {
  const fixture = useSpendGuardStack(program, {
    maxRecorderHours: "6",
    pricePerRecorderHour: "0.5",
  });

  it("and refuses the create that would take the update over the ceiling", async () => {
    const { emulator, stack } = fixture;
    const output = await expectUpToFail(stack);
    expect(output).toContain(
      "jod: deployment in lon for meet.example.com: buying 4 recorder-hours (2 recorder(s) × " +
        "2 h), estimated cost 2.00 at 0.5 per recorder-hour; this update so far: 4 of the 6",
    );
    expect(output).toContain("jod:maxRecorderHours is 6 recorder-hours");
    expect(output).toContain("to 8 recorder-hours, estimated cost 4.00");
    expect(output).toContain("Nothing was sent to JOD.");
    expect(emulator.requests()).toHaveLength(1);
    expect(await deploymentsInState(stack)).toEqual(["first"]);
  });
});
