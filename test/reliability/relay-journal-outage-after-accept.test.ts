import { freezeRelay, jodRecords } from "../helpers/hard-stop";
import { useTestEmulator } from "../helpers/jod-test-setup";
import { SwitchableDeploymentStack } from "../helpers/reliability-deployment-stack";
import { waitUntil } from "../helpers/reliability-processes";
import { useRelay } from "../helpers/relay-process";
import { relayConfig } from "../helpers/relay-stack";

jest.setTimeout(180_000);

/**
 * The relay journal is unreachable right after JOD accepted (the relay frozen for longer than a
 * journal write may take): the write fails with a warning, the callback arrives once the relay
 * is back, the stack gets the deployment, and the next `pulumi up` buys nothing.
 */
describe("a relay outage during the journal write after JOD accepted", () => {
  const relay = useRelay();
  const fixture = useTestEmulator();

  it("still hands the deployment to the stack, and the next up buys nothing", async () => {
    const { emulator } = fixture;
    const deployment = await SwitchableDeploymentStack.create(relayConfig(emulator, relay));
    try {
      // JOD answers a moment late, and calls back once the relay is back.
      emulator.setFaults({ responseDelayMs: 1_500, callbackDelayMs: 16_000 });
      deployment.declare("relay-outage", { timeoutSeconds: 90 });
      const up = deployment.up();
      await waitUntil(() => emulator.deployments().length === 1, "JOD accepting", 60_000);
      const thaw = freezeRelay(relay);
      // Longer than a relay journal request may take (10 s): the `accepted` write fails.
      await new Promise((resolve) => setTimeout(resolve, 12_000));
      thaw();
      const report = await up;
      const [accepted] = jodRecords(emulator).accepted;
      expect(report.output).toContain("WARNING: deployment journal: could not record");
      expect(report.outputs).toMatchObject({ deploymentId: accepted, status: "ready" });

      emulator.setFaults({ responseDelayMs: 0, callbackDelayMs: 0 });
      await deployment.up();
      expect(jodRecords(emulator).posts).toBe(1);
      expect((await deployment.recorded()).map((resource) => resource.id)).toEqual([accepted]);
    } finally {
      await deployment.remove();
    }
  });
});
