import { clearAfterHardStop, jodRecords, upEitherWay, upHardStopped } from "../helpers/hard-stop";
import { useEmulatorStack } from "../helpers/reliability-deployment-stack";
import { waitForExit } from "../helpers/reliability-processes";

jest.setTimeout(240_000);

/**
 * A replacement (recorders 1 → 2) killed after JOD accepted it, then `pulumi cancel`,
 * `pulumi refresh --clear-pending-creates` and a plain `pulumi up`: the engine still holds the
 * original, so the resumed create must tell the accepted replacement (adopt it) from a new
 * purchase. With the inputs changed again, it buys anew and names the deployment it abandons.
 */
describe("a hard-stopped replacement", () => {
  const fixture = useEmulatorStack({ resetEachTest: true });

  async function killReplacementOnceAccepted(name: string): Promise<string> {
    const { deployment, emulator } = fixture;
    deployment.declare(name, { recorders: 1 });
    await deployment.up();
    // The replacement's callback never comes: the kill lands while the create waits for it.
    emulator.setFaults({ callbackMode: "drop" });
    deployment.declare(name, { recorders: 2, timeoutSeconds: 120 });
    const stopped = await upHardStopped(
      deployment.stack,
      (output) => output.includes("JOD accepted deployment"),
      "provider",
    );
    expect(await waitForExit(stopped.processes.provider.pid, 60_000)).toBe(true);
    expect(await waitForExit(stopped.processes.cli.pid, 60_000)).toBe(true);
    expect(jodRecords(emulator).posts).toBe(2);
    emulator.setFaults({ callbackMode: "success" });
    await clearAfterHardStop(deployment.stack);
    return jodRecords(emulator).accepted[1];
  }

  it("adopts the accepted replacement on resume: two purchases in all", async () => {
    const { deployment, emulator } = fixture;
    const replacement = await killReplacementOnceAccepted("resumed");
    deployment.declare("resumed", { recorders: 2, timeoutSeconds: 3 });
    const resumed = await upEitherWay(deployment);
    expect(resumed).toContain(`deployment ${replacement}`);
    expect(resumed).toContain("adopting it (nothing is bought again)");
    expect(jodRecords(emulator).posts).toBe(2);
    // Its callback was dropped, so the replacement is kept waiting for it, and the engine keeps
    // the original until the replacement is ready.
    const kept = await deployment.recorded();
    const adopted = kept.find((resource) => resource.id === replacement);
    expect(adopted?.outputs?.status).toBe("awaiting-callback");
  });

  it("with inputs changed again, buys once more and names the abandoned deployment", async () => {
    const { deployment, emulator } = fixture;
    const abandoned = await killReplacementOnceAccepted("changed");
    deployment.declare("changed", { recorders: 3, timeoutSeconds: 30 });
    const resumed = await upEitherWay(deployment);
    expect(resumed).toContain(`${abandoned} is not adopted for the new inputs`);
    expect(jodRecords(emulator).posts).toBe(3);
    const kept = await deployment.recorded();
    expect(kept).toHaveLength(1);
    expect(kept[0].id).toBe(jodRecords(emulator).accepted[2]);
    expect(kept[0].outputs?.status).toBe("ready");
  });
});
