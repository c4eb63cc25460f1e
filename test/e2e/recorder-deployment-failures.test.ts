import * as jod from "pulumi-jod";
import { expectUpToFail } from "../helpers/pulumi-test-stack";
import {
  jodConfig,
  TEST_API_KEY,
  TEST_DOMAIN,
  useStacksOnEmulator,
} from "../helpers/jod-test-setup";

jest.setTimeout(180_000);

const TYPE = jod.RecorderDeployment.TYPE;

function programFor(args: Partial<jod.RecorderDeploymentArgs> = {}) {
  return async () => {
    const deployment = new jod.RecorderDeployment("rec", {
      domain: TEST_DOMAIN,
      recorders: 1,
      duration: 2,
      location: "ams",
      ...args,
    });
    return { deploymentId: deployment.deploymentId };
  };
}

describe("a failed deployment fails `pulumi up` with JOD's reason", () => {
  const fixture = useStacksOnEmulator();
  const newStack = (args?: Partial<jod.RecorderDeploymentArgs>, apiKey?: string) =>
    fixture.newStack(programFor(args), jodConfig(fixture.emulator, apiKey));

  it("reports a failure callback and keeps nothing in state", async () => {
    fixture.emulator.setFaults({ callbackMode: "failure" });
    const stack = await newStack();
    const output = await expectUpToFail(stack);
    expect(output).toContain("recorders not available in specified location");
    expect(output).toContain("could not complete deployment");
    expect(await stack.resourcesOfType(TYPE)).toEqual([]);
  });

  it("reports 401 with how to fix the key", async () => {
    const stack = await newStack({}, "JOD-00000000-wrong-key");
    const output = await expectUpToFail(stack);
    expect(output).toMatch(/HTTP 401/);
    expect(output).toMatch(/generate a new key in the JOD dashboard/i);
    expect(output).not.toContain("JOD-00000000-wrong-key");
    expect(fixture.emulator.deployments()).toHaveLength(0);
  });

  it("reports 402 when the balance is short", async () => {
    // 250 recorder-hours: under the spend ceiling, over the balance (100 at 0.5 each).
    const stack = await newStack({ recorders: 50, duration: 5 });
    const output = await expectUpToFail(stack);
    expect(output).toMatch(/HTTP 402/);
    expect(output).toMatch(/balance/i);
    expect(fixture.emulator.deployments()).toHaveLength(0);
  });

  it("reports 406 naming the unconfigured domain", async () => {
    const stack = await newStack({ domain: "other.example.org" });
    const output = await expectUpToFail(stack);
    expect(output).toMatch(/HTTP 406/);
    expect(output).toContain("other.example.org");
    expect(fixture.emulator.deployments()).toHaveLength(0);
  });

  it("keeps a deployment whose callback never came, and never deploys it twice", async () => {
    fixture.emulator.setFaults({ callbackMode: "drop" });
    const stack = await newStack({ timeoutSeconds: 3 });
    const output = await expectUpToFail(stack);
    const [deployment] = fixture.emulator.deployments();
    expect(output).toContain(`JOD accepted deployment ${deployment.deploymentId}`);
    expect(output).toContain("did not call back within 3 s");

    const [state] = await stack.resourcesOfType(TYPE);
    expect(state.id).toBe(deployment.deploymentId);
    expect(state.outputs?.status).toBe("awaiting-callback");
    expect(state.outputs?.expiresAt).toEqual(expect.any(String));

    // The next up may not pay again: the provider keeps the deployment as it is.
    fixture.emulator.clearFaults();
    const up = await stack.up();
    expect(up.output).toContain(`deployment ${deployment.deploymentId} is still awaiting-callback`);
    expect(fixture.emulator.deployments()).toHaveLength(1);
    expect((await stack.resourcesOfType(TYPE))[0].id).toBe(deployment.deploymentId);
  });

  it("never prints the API key while failing", async () => {
    fixture.emulator.setFaults({ serverErrorNext: 1 });
    const stack = await newStack({ timeoutSeconds: 2 });
    const output = await expectUpToFail(stack);
    expect(output).toContain("HTTP 500");
    expect(output).not.toContain(TEST_API_KEY);
    expect(await stack.exportState()).not.toContain(TEST_API_KEY);
  });
});
