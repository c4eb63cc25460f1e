import { jodRecords, upHardStopped } from "../helpers/hard-stop";
import { useEmulatorStack } from "../helpers/reliability-deployment-stack";
import { waitForExit } from "../helpers/reliability-processes";

jest.setTimeout(240_000);

/**
 * The provider is killed right after it handed a deployment over, while the engine still ran
 * (an OOM kill looks the same), so the engine's close of it never came. `pulumi up --replace`
 * must still buy exactly one new deployment: the replacement deletes the old deployment first,
 * and that Delete, not the close, tells the create to buy.
 */
describe("pulumi up --replace after a run whose provider was killed after the hand-over", () => {
  const fixture = useEmulatorStack();

  it("buys exactly one new deployment, and the stack holds it", async () => {
    const { deployment, emulator } = fixture;
    deployment.declare("replaced-after-kill", { timeoutSeconds: 60 });
    const stopped = await upHardStopped(
      deployment.stack,
      (output) => /jod:.*RecorderDeployment.*replaced-after-kill.*created/.test(output),
      "provider",
      { mayFinish: true },
    );
    expect(await waitForExit(stopped.processes.provider.pid, 60_000)).toBe(true);
    expect(stopped.finished).toBe(true);
    const [original] = await deployment.recorded();
    const [first] = jodRecords(emulator).accepted;
    expect(original.id).toBe(first);

    const replaced = await deployment.stack.stack.up({ replace: [original.urn] });
    expect(jodRecords(emulator).posts).toBe(2);
    const [kept] = await deployment.recorded();
    const second = jodRecords(emulator).accepted[1];
    expect(kept.id).toBe(second);
    expect(kept.outputs?.status).toBe("ready");
    expect(replaced.stdout).toContain(`removed deployment ${first}`);
  });
});
