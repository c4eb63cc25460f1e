import { clearAfterHardStop, jodRecords, upEitherWay, upHardStopped } from "../helpers/hard-stop";
import { useEmulatorStack } from "../helpers/reliability-deployment-stack";
import { waitForExit } from "../helpers/reliability-processes";

jest.setTimeout(240_000);

/**
 * `pulumi up --replace` killed once JOD accepted the replacement, then the README's recovery
 * (`pulumi cancel`, `pulumi refresh --clear-pending-creates`, `pulumi up`): the replacement,
 * which is paid for, ends in the stack; nothing is bought a third time.
 */
describe("a hard-stopped `pulumi up --replace`", () => {
  const fixture = useEmulatorStack();

  it("leaves the replacement in the stack after the recovery", async () => {
    const { deployment, emulator } = fixture;
    deployment.declare("replace-stopped", { timeoutSeconds: 120 });
    await deployment.up();
    const [original] = await deployment.recorded();
    emulator.setFaults({ callbackMode: "drop" });
    const stopped = await upHardStopped(
      deployment.stack,
      (output) => output.includes("JOD accepted deployment"),
      "provider",
      { replace: [original.urn] },
    );
    expect(await waitForExit(stopped.processes.provider.pid, 60_000)).toBe(true);
    expect(await waitForExit(stopped.processes.cli.pid, 60_000)).toBe(true);
    const replacement = jodRecords(emulator).accepted[1];
    expect(jodRecords(emulator).posts).toBe(2);

    emulator.setFaults({ callbackMode: "success" });
    await clearAfterHardStop(deployment.stack);
    const resumed = await upEitherWay(deployment);
    expect(resumed).toContain(`deployment ${replacement}`);
    expect(jodRecords(emulator).posts).toBe(2);
    const kept = await deployment.recorded();
    expect(kept.map((resource) => resource.id)).toEqual([replacement]);
  });
});
