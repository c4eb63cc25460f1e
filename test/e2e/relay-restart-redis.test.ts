import * as jod from "pulumi-jod";
import type { RunningEmulator } from "../../emulator/src";
import { startTestEmulator, TEST_DOMAIN } from "../helpers/jod-test-setup";
import { PulumiTestStack } from "../helpers/pulumi-test-stack";
import {
  startRedis,
  startRelay,
  type RedisProcess,
  type RelayProcess,
} from "../helpers/relay-process";
import { callbackDelivered, RECORDER_DEPLOYMENT_TYPE, relayConfig } from "../helpers/relay-stack";

jest.setTimeout(300_000);

describe("a relay restart with the Redis store between callback and fetch", () => {
  let redis: RedisProcess;
  let relay: RelayProcess;
  let emulator: RunningEmulator;

  beforeAll(async () => {
    redis = await startRedis();
    relay = await startRelay({ redis: redis.url });
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
    await relay?.stop();
    await redis?.stop();
  });

  it("loses nothing: pulumi refresh after the restart finds the buffered callback", async () => {
    // The callback comes after the create gave up, so only the relay holds it.
    emulator.setFaults({ callbackDelayMs: 6_000 });
    const stack = await PulumiTestStack.create({
      program: async () => {
        const deployment = new jod.RecorderDeployment("durable", {
          domain: TEST_DOMAIN,
          recorders: 2,
          duration: 2,
          location: "ams",
          timeoutSeconds: 2,
        });
        return { status: deployment.status };
      },
      config: relayConfig(emulator, relay),
    });
    try {
      await expect(stack.up()).rejects.toThrow(/did not call back|callback/i);
      const [waiting] = await stack.resourcesOfType(RECORDER_DEPLOYMENT_TYPE);
      expect(waiting.outputs?.status).toBe("awaiting-callback");
      await callbackDelivered(emulator);

      await relay.restart();

      const refresh = await stack.refresh();
      expect(refresh.output).toContain("its callback was waiting on the relay");
      const [recovered] = await stack.resourcesOfType(RECORDER_DEPLOYMENT_TYPE);
      const [deployment] = emulator.deployments();
      expect(recovered.outputs?.status).toBe("ready");
      expect(recovered.outputs?.deploymentId).toBe(deployment.deploymentId);
      expect(recovered.outputs?.recorderIps).toEqual(
        deployment.recorders.map((r) => r.recorder_ip),
      );
      expect(deployment.recorders).toHaveLength(2);
      expect(emulator.requests()).toHaveLength(1);
    } finally {
      await stack.remove();
    }
  });
});
