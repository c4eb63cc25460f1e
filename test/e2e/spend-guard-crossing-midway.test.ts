import { deployment, deploymentsInState, useSpendGuardStack } from "../helpers/spend-guard-setup";

jest.setTimeout(300_000);

/**
 * Three deployments of 4 recorder-hours, each waiting for the previous one's outputs, so the
 * provider sees the third only after the first two were bought.
 */
const program = async () => {
  const first = deployment("first", { recorders: 2, duration: 2, location: "ams" });
  const second = deployment("second", {
    recorders: 2,
    duration: 2,
    location: "fra",
    domain: first.domain,
  });
  deployment("third", { recorders: 2, duration: 2, location: "nyc", domain: second.domain });
};

describe("an up that crosses jod:maxRecorderHours midway", () => {
  const fixture = useSpendGuardStack(program, { maxRecorderHours: "10" });

  it("keeps what it bought and refuses the rest before posting", async () => {
    const { emulator, stack } = fixture;
    let output = "";
    await stack.stack.up({ parallel: 1 }).then(
      () => {
        throw new Error("expected `pulumi up` to fail, but it succeeded");
      },
      (error: Error) => {
        output = error.message;
      },
    );
    expect(output).toContain("jod:maxRecorderHours is 10 recorder-hours");
    expect(output).toContain("the deployment in nyc for meet.example.com buys 4 recorder-hours");
    expect(output).toContain("to 12 recorder-hours");
    expect(output).toContain("pulumi config set jod:maxRecorderHours <n>");
    expect(emulator.requests()).toHaveLength(2);
    expect(emulator.deployments()).toHaveLength(2);
    expect(await deploymentsInState(stack)).toEqual(["first", "second"]);
  });
});
