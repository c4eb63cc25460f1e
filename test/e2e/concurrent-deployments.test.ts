import * as jod from "pulumi-jod";
import type { RunningEmulator } from "../../emulator/src";
import { jodConfig, startTestEmulator, TEST_DOMAIN } from "../helpers/jod-test-setup";
import { PulumiTestStack } from "../helpers/pulumi-test-stack";

jest.setTimeout(180_000);

const LOCATIONS: jod.Location[] = ["lon", "nyc", "fra", "sgp"];

const program = async () => {
  const deployments = LOCATIONS.map(
    (location) =>
      new jod.RecorderDeployment(location, {
        domain: TEST_DOMAIN,
        recorders: 1,
        duration: 1,
        location,
      }),
  );
  return { ips: deployments.map((deployment) => deployment.recorderIps) };
};

describe("four deployments in one up", () => {
  let emulator: RunningEmulator;
  let stack: PulumiTestStack;

  beforeAll(async () => {
    // A callback delay long enough that a create which waited before posting would show.
    emulator = await startTestEmulator(1500);
    stack = await PulumiTestStack.create({ program, config: jodConfig(emulator) });
  });
  afterAll(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  it("wait for their callbacks at the same time, through one listener", async () => {
    const up = await stack.up();
    expect(up.changeSummary).toEqual({ create: 5 });
    expect((up.outputs.ips as string[][]).flat()).toHaveLength(4);

    const deployments = emulator.deployments();
    expect(deployments.map((d) => d.location).sort()).toEqual([...LOCATIONS].sort());
    const origins = new Set(deployments.map((d) => new URL(d.callbackUrl).origin));
    expect(origins.size).toBe(1);

    // Every deployment was requested before JOD sent the first callback: all four waited together.
    const lastRequest = Math.max(...emulator.requests().map((r) => Date.parse(r.receivedAt)));
    const firstCallback = Math.min(
      ...deployments.flatMap((d) => d.callbackDeliveries.map((c) => Date.parse(c.sentAt))),
    );
    expect(lastRequest).toBeLessThan(firstCallback);
  });
});
