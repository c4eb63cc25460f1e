import { useEmulatorStack, upInterrupted } from "../helpers/reliability-deployment-stack";
import { isPortFree, waitForExit } from "../helpers/reliability-processes";
import { expectNothingLost, reconcile } from "../helpers/reliability-reconcile";

jest.setTimeout(180_000);

/**
 * The provider process itself is told to stop (SIGTERM from a supervisor or CI runner, SIGINT to
 * its process group) while a create waits for JOD's callback, and the engine is still running.
 * Exiting at once would lose the create's answer, and with it a deployment JOD charged for.
 */
describe.each(["SIGTERM", "SIGINT"] as const)(
  "%s to the provider while a create waits for JOD's callback",
  (signal) => {
    const fixture = useEmulatorStack({ fixedListenPort: true });

    it("hands the deployment to the engine, then the provider exits and frees the port", async () => {
      fixture.emulator.setFaults({ callbackMode: "drop" });
      fixture.deployment.declare("stopped", { timeoutSeconds: 120 });
      const { output, processes } = await upInterrupted(
        fixture.deployment.stack,
        (text) => text.includes("JOD accepted deployment"),
        ({ provider }) => void process.kill(provider.pid, signal),
      );
      const [paid] = fixture.emulator.deployments();
      expect(fixture.emulator.deployments()).toHaveLength(1);
      expect(output).toContain(
        `jod: received ${signal} while 1 deployment(s) waited on JOD: deployment ${paid.deploymentId}`,
      );
      expect(output).toContain(
        `The provider received ${signal} while waiting for JOD's callback for deployment ` +
          `${paid.deploymentId}. JOD accepted it, so it is paid for`,
      );
      expect(await waitForExit(processes.provider.pid, 60_000)).toBe(true);
      expect(await isPortFree(fixture.port)).toBe(true);

      const state = await fixture.deployment.recorded();
      expect(state.map((entry) => [entry.id, entry.outputs?.status])).toEqual([
        [paid.deploymentId, "awaiting-callback"],
      ]);
      const reconciliation = reconcile(fixture.emulator, state);
      expectNothingLost(reconciliation);
      expect(reconciliation).toMatchObject({ paid: [paid.deploymentId], missing: [] });

      fixture.emulator.clearFaults();
      const up = await fixture.deployment.up();
      expect(up.output).toContain(`deployment ${paid.deploymentId} (1 recorder(s) in ams`);
      expect(up.output).toContain("is awaiting-callback: JOD accepted it (it is paid for");
      expect(fixture.emulator.requests()).toHaveLength(1);
    });
  },
);
