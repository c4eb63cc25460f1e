import * as jod from "pulumi-jod";
import { useTestEmulator } from "../helpers/jod-test-setup";
import { useRelay } from "../helpers/relay-process";
import { callbackDelivered, relayDeploymentStack } from "../helpers/relay-stack";

jest.setTimeout(300_000);

describe("a relay restart with the Redis store between callback and fetch", () => {
  const relay = useRelay({ withRedis: true });
  const fixture = useTestEmulator();

  it("loses nothing: pulumi refresh after the restart finds the buffered callback", async () => {
    const stack = await relayDeploymentStack(fixture.emulator, relay, "durable", {
      recorders: 2,
      duration: 2,
      location: "ams",
      timeoutSeconds: 2,
    });
    // The callback comes after the create gave up, so only the relay holds it.
    fixture.emulator.setFaults({ callbackDelayMs: 6_000 });
    try {
      await expect(stack.up()).rejects.toThrow(/did not call back|callback/i);
      const [waiting] = await stack.resourcesOfType(jod.RecorderDeployment.TYPE);
      expect(waiting.outputs?.status).toBe("awaiting-callback");
      await callbackDelivered(fixture.emulator);

      await relay.restart();

      const refresh = await stack.refresh();
      expect(refresh.output).toContain("its callback was waiting on the relay");
      const [recovered] = await stack.resourcesOfType(jod.RecorderDeployment.TYPE);
      const [deployment] = fixture.emulator.deployments();
      expect(recovered.outputs?.status).toBe("ready");
      expect(recovered.outputs?.deploymentId).toBe(deployment.deploymentId);
      expect(recovered.outputs?.recorderIps).toEqual(
        deployment.recorders.map((r) => r.recorder_ip),
      );
      expect(deployment.recorders).toHaveLength(2);
      expect(fixture.emulator.requests()).toHaveLength(1);
    } finally {
      await stack.remove();
    }
  });
});
