import type { RunningEmulator } from "../../emulator/src";
import { startTestEmulator } from "../helpers/jod-test-setup";
import { PulumiTestStack } from "../helpers/pulumi-test-stack";
import { deployment, deploymentsInState, spendConfig } from "../helpers/spend-guard-setup";

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
  let emulator: RunningEmulator;
  let stack: PulumiTestStack;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    stack = await PulumiTestStack.create({
      program,
      config: spendConfig(emulator, { maxRecorderHours: "10" }),
    });
  });
  afterAll(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  it("keeps what it bought and refuses the rest before posting", async () => {
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
