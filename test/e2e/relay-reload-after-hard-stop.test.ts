import { clearAfterHardStop, jodRecords, upEitherWay, upHardStopped } from "../helpers/hard-stop";
import { useTestEmulator } from "../helpers/jod-test-setup";
import { useRelay } from "../helpers/relay-process";
import { relayConfig } from "../helpers/relay-stack";
import { SwitchableDeploymentStack } from "../helpers/reliability-deployment-stack";
import { waitForExit } from "../helpers/reliability-processes";

jest.setTimeout(240_000);

/**
 * A certificate renewal reloads nginx. With the Redis store the reload between a hard stop and
 * the resumed `up` loses neither the journal entry nor the buffered callback: the resumed
 * create adopts the deployment JOD sold and never buys a second one.
 */
describe("a hard stop, a reload of the relay's nginx, and the resumed up", () => {
  const relay = useRelay({ withRedis: true });
  const fixture = useTestEmulator();

  it("buys once: the Redis store kept the journal and the callback across the reload", async () => {
    const { emulator } = fixture;
    const deployment = await SwitchableDeploymentStack.create(relayConfig(emulator, relay));
    try {
      deployment.declare("reloaded", { timeoutSeconds: 120 });
      // The callback comes after the kill, to the relay, and waits there for the resumed create.
      emulator.setFaults({ callbackDelayMs: 8_000 });
      const stopped = await upHardStopped(
        deployment.stack,
        (output) => output.includes("JOD accepted deployment"),
        "provider",
      );
      expect(await waitForExit(stopped.processes.provider.pid, 60_000)).toBe(true);
      expect(await waitForExit(stopped.processes.cli.pid, 60_000)).toBe(true);
      expect(emulator.requests()).toHaveLength(1);

      await relay.reload();

      await clearAfterHardStop(deployment.stack);
      deployment.declare("reloaded", { timeoutSeconds: 60 });
      await upEitherWay(deployment);
      const { posts, accepted } = jodRecords(emulator);
      const kept = await deployment.recorded();
      expect(posts).toBe(1);
      expect(accepted).toHaveLength(1);
      expect(kept).toHaveLength(1);
      expect(kept[0].id).toBe(accepted[0]);
      expect(kept[0].outputs?.status).toBe("ready");
    } finally {
      await deployment.remove();
    }
  });
});
