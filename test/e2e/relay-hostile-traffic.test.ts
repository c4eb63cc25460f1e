import * as jod from "pulumi-jod";
import { useTestEmulator } from "../helpers/jod-test-setup";
import { fetchCallback, publishCallback, relayToken } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";
import { firstDeployment, relayDeploymentStack } from "../helpers/relay-stack";
import { successCallback } from "../helpers/unit-callback-bodies";

jest.setTimeout(300_000);

describe("hostile traffic on the relay while a create waits for its callback", () => {
  const relay = useRelay();
  const fixture = useTestEmulator();

  it("is refused, and the real callback still completes the create", async () => {
    // A few seconds between JOD's answer and its callback: the window for the traffic below.
    fixture.emulator.setFaults({ callbackDelayMs: 5_000 });
    const stack = await relayDeploymentStack(fixture.emulator, relay, "target", {
      recorders: 2,
      duration: 2,
      location: "lon",
      timeoutSeconds: 120,
    });
    try {
      const up = stack.up();
      const { deploymentId, callbackUrl } = await firstDeployment(fixture.emulator);
      const realToken = new URL(callbackUrl).pathname.split("/").at(-1) ?? "";
      expect(realToken).toMatch(/^[0-9a-f]{64}$/);

      // Forged callbacks for the real deployment id, on tokens nobody listens to: nchan takes
      // them (202), but they land on channels of their own.
      const forged = successCallback(deploymentId, ["192.0.2.66", "192.0.2.67"]);
      for (let i = 0; i < 5; i++) {
        const answer = await publishCallback(relay, relayToken(), JSON.stringify(forged));
        expect(answer.status).toBe(202);
      }
      // Reading or deleting the real channel through the public publisher URL.
      expect((await fetch(callbackUrl)).status).toBe(403);
      expect((await fetch(callbackUrl, { method: "DELETE" })).status).toBe(403);
      // A body over the publisher's 4 MiB limit on the real token.
      const oversized = JSON.stringify({ ...forged, padding: "x".repeat(4 * 1024 * 1024) });
      expect((await publishCallback(relay, realToken, oversized)).status).toBe(413);
      // Subscribing to the real channel with a secret that is not the relay's.
      const wrongSecret = { baseUrl: relay.baseUrl, secret: relayToken() };
      expect((await fetchCallback(wrongSecret, realToken)).status).toBe(401);

      const result = await up;
      const [deployment] = fixture.emulator.deployments();
      const ips = deployment.recorders.map((r) => r.recorder_ip);
      expect(ips).toHaveLength(2);
      expect(result.outputs.status).toBe("ready");
      expect(result.outputs.recorderIps).toEqual(ips);
      const [recorded] = await stack.resourcesOfType(jod.RecorderDeployment.TYPE);
      expect(recorded.outputs?.deploymentId).toBe(deploymentId);
      expect(fixture.emulator.requests()).toHaveLength(1);
    } finally {
      await stack.remove();
    }
  });
});
