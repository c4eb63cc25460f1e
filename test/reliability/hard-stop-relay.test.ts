import { type HardStopRow, rowsForEitherKill, runHardStopRow } from "../helpers/hard-stop";
import { useTestEmulator } from "../helpers/jod-test-setup";
import { useRelay } from "../helpers/relay-process";
import { relayConfig } from "../helpers/relay-stack";

jest.setTimeout(240_000);

/**
 * With `jod:callbackRelay` (the journal and the callbacks in the relay, real nginx + nchan):
 * `kill -9` of the provider, or of the `pulumi` process group, at each moment of a create, then
 * `pulumi cancel`, `pulumi refresh --clear-pending-creates` and `pulumi up`. The relay kept what
 * the killed run could not: the resumed create adopts the one deployment JOD sold, and its
 * callback, even that of a POST whose answer was never recorded, makes it ready.
 */
// Each row: the moment, the kill, the statuses the stack may hold after the resumed `up`, and
// that create's timeoutSeconds.
const ROWS: HardStopRow[] = [
  // The relay is frozen (SIGSTOP) while the provider talks to it: nothing written, nothing sent.
  ...rowsForEitherKill("before-post", ["ready"], 60),
  // The unanswered POST's callback waits on the relay: it names the deployment.
  ...rowsForEitherKill("post-held", ["ready"], 60),
  // The callback comes late, to the relay, and reaches the adopting create.
  ...rowsForEitherKill("accepted", ["ready"], 60),
  // Whether or not the journal's `done` was written, the relay still holds the callback.
  ...rowsForEitherKill("callback-arrived", ["ready"], 60),
];

describe("hard stops of `pulumi up` with the callback relay", () => {
  const relay = useRelay();
  const fixture = useTestEmulator();

  it.each(ROWS)("kill -9 ($kill) at $moment: one deployment, kept in the stack", async (row) => {
    const { emulator } = fixture;
    await runHardStopRow(row, {
      emulator,
      relay,
      config: relayConfig(emulator, relay),
      name: `relay-${row.moment}-${row.kill}`,
    });
  });
});
