import * as jod from "pulumi-jod";
import {
  type Interrupt,
  upInterruptedOnceAccepted,
  useEmulatorStack,
} from "../helpers/reliability-deployment-stack";
import { isPortFree, waitForExit } from "../helpers/reliability-processes";
import { expectKeptAwaitingCallback } from "../helpers/reliability-reconcile";

jest.setTimeout(180_000);

/** How long the create waits for JOD's callback; Ctrl-C lets it run out. */
const TIMEOUT_SECONDS = 6;

const ctrlC: Interrupt = (_processes, sigintToCli) => sigintToCli();

/**
 * Ctrl-C (SIGINT to the CLI) while a create waits for JOD's callback. The engine cancels
 * gracefully: it lets the create finish (the provider is not signalled), so the create ends at
 * its deadline and the deployment JOD accepted is kept in the stack.
 */
describe("Ctrl-C on `pulumi up` while a create waits for JOD's callback", () => {
  const fixture = useEmulatorStack({ fixedListenPort: true });

  it("keeps the deployment, stops the provider, frees the port, and later runs say its state", async () => {
    fixture.deployment.declare("interrupted", { timeoutSeconds: TIMEOUT_SECONDS });
    const { output, processes, paid } = await upInterruptedOnceAccepted(fixture, ctrlC);
    // The id was printed as soon as JOD accepted, before the interruption.
    expect(output.indexOf(`JOD accepted deployment ${paid.deploymentId}`)).toBeLessThan(
      output.indexOf("^C received; cancelling"),
    );
    expect(output).toContain(`did not call back within ${TIMEOUT_SECONDS} s`);

    expect(await waitForExit(processes.provider.pid, 60_000)).toBe(true);
    expect(await waitForExit(processes.cli.pid, 60_000)).toBe(true);
    expect(await isPortFree(fixture.port)).toBe(true);

    await expectKeptAwaitingCallback(fixture, paid.deploymentId);

    fixture.emulator.clearFaults();
    const status = `deployment ${paid.deploymentId} (1 recorder(s) in ams for meet.example.com, 2 h) is awaiting-callback: JOD accepted it (it is paid for`;
    const refresh = await fixture.deployment.stack.refresh();
    expect(refresh.output).toContain(status);
    const up = await fixture.deployment.up();
    expect(up.output).toContain(status);
    expect(up.changeSummary).toMatchObject({ same: 2 });
    expect(fixture.emulator.requests()).toHaveLength(1);
    expect(
      (await fixture.deployment.stack.resourcesOfType(jod.RecorderDeployment.TYPE))[0].id,
    ).toBe(paid.deploymentId);
  });
});
