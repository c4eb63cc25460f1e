import {
  type Interrupt,
  upInterruptedOnceAccepted,
  useEmulatorStack,
} from "../helpers/reliability-deployment-stack";
import { isPortFree, waitForExit } from "../helpers/reliability-processes";
import {
  expectKeptAwaitingCallback,
  expectNextUpReportsAwaiting,
} from "../helpers/reliability-reconcile";

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
    const signalProvider: Interrupt = ({ provider }) => void process.kill(provider.pid, signal);

    it("hands the deployment to the engine, then the provider exits and frees the port", async () => {
      fixture.deployment.declare("stopped", { timeoutSeconds: 120 });
      const { output, processes, paid } = await upInterruptedOnceAccepted(fixture, signalProvider);
      expect(output).toContain(
        `jod: received ${signal} while 1 deployment(s) waited on JOD: deployment ${paid.deploymentId}`,
      );
      expect(output).toContain(
        `The provider received ${signal} while waiting for JOD's callback for deployment ` +
          `${paid.deploymentId}. JOD accepted it, so it is paid for`,
      );
      expect(await waitForExit(processes.provider.pid, 60_000)).toBe(true);
      expect(await isPortFree(fixture.port)).toBe(true);

      await expectKeptAwaitingCallback(fixture, paid.deploymentId);
      await expectNextUpReportsAwaiting(fixture, paid.deploymentId);
    });
  },
);
