import {
  type Interrupt,
  upInterruptedOnceAccepted,
  useEmulatorStack,
} from "../helpers/reliability-deployment-stack";
import { isPortFree, waitForExit, waitUntil } from "../helpers/reliability-processes";

jest.setTimeout(180_000);

/**
 * A second Ctrl-C makes the CLI terminate at once: the engine closes its connection to the
 * provider and sends it SIGINT, so the create's answer can no longer be recorded. What must hold:
 * the provider says which paid deployment was waiting (with its id), exits, frees the port, and
 * the stack records a pending create for the resource. Then what the engine advises — `pulumi
 * cancel`, `pulumi refresh --clear-pending-creates`, `pulumi up` — adopts the deployment from the
 * journal: JOD is not asked again.
 */
const ctrlCTwice: Interrupt = async ({ cli }, sigintToCli, outputSoFar) => {
  sigintToCli();
  // The second ^C must come after the CLI handled the first one.
  await waitUntil(
    () => outputSoFar().includes("^C received; cancelling"),
    "the CLI to handle the first Ctrl-C",
  );
  process.kill(cli.pid, "SIGINT");
};

describe("Ctrl-C twice on `pulumi up` while a create waits for JOD's callback", () => {
  const fixture = useEmulatorStack({ fixedListenPort: true });

  it("names the waiting deployment, stops the provider, frees the port, leaves a pending create", async () => {
    fixture.deployment.declare("terminated", { timeoutSeconds: 120 });
    const { output, processes, paid } = await upInterruptedOnceAccepted(fixture, ctrlCTwice);
    expect(output).toContain("^C received; terminating");
    expect(output).toContain(`jod: JOD accepted deployment ${paid.deploymentId}`);
    expect(output).toContain(
      `jod: received SIGINT while 1 deployment(s) waited on JOD: deployment ${paid.deploymentId} ` +
        "(1 recorder(s) in ams for meet.example.com, 2 h), accepted by JOD, awaiting its callback.",
    );
    expect(output).toContain("the next `pulumi up` adopts it instead of deploying again");

    expect(await waitForExit(processes.provider.pid, 60_000)).toBe(true);
    expect(await waitForExit(processes.cli.pid, 60_000)).toBe(true);
    expect(await isPortFree(fixture.port)).toBe(true);

    const exported = await fixture.deployment.stack.stack.exportStack();
    const pending = (exported.deployment.pending_operations ?? []) as Array<{
      type: string;
      resource: { urn: string; inputs: Record<string, unknown> };
    }>;
    expect(pending.map((op) => [op.type, op.resource.urn.split("::").pop()])).toEqual([
      ["creating", "terminated"],
    ]);
    expect(pending[0].resource.inputs).toMatchObject({ recorders: 1, location: "ams" });
    expect(await fixture.deployment.recorded()).toEqual([]);
    expect(fixture.emulator.requests()).toHaveLength(1);

    const { stack } = fixture.deployment.stack;
    await stack.cancel().catch(() => undefined); // nothing to cancel when the lock is gone
    await stack.refresh({ clearPendingCreates: true });
    // The adopted create waits for the (dropped) callback only briefly this time.
    fixture.deployment.declare("terminated", { timeoutSeconds: 3 });
    const resumed = await fixture.deployment.upToFail();
    expect(resumed).toContain(`JOD accepted deployment ${paid.deploymentId}`);
    expect(resumed).toContain("adopting it (nothing is bought again)");
    expect(fixture.emulator.requests()).toHaveLength(1);
    expect(fixture.emulator.deployments()).toHaveLength(1);
    const [kept] = await fixture.deployment.recorded();
    expect(kept.id).toBe(paid.deploymentId);
    expect(kept.outputs?.status).toBe("awaiting-callback");
  });
});
