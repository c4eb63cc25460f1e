import {
  hardStopRow,
  type HardStopRow,
  rowsForEitherKill,
  runHardStopRow,
} from "../helpers/hard-stop";
import { jodConfig, useTestEmulator } from "../helpers/jod-test-setup";

jest.setTimeout(240_000);

/**
 * Without a relay (the journal in a local directory, the callback listener in the provider):
 * `kill -9` of the provider, or of the `pulumi` process group, at each moment of a create, then
 * `pulumi cancel`, `pulumi refresh --clear-pending-creates` and `pulumi up`. JOD never sells a
 * second deployment, and the stack holds the one it sold (or, when its answer was never
 * recorded, an `unconfirmed` entry instead of a second POST).
 */
// Each row: the moment, the kill, the statuses the stack may hold after the resumed `up`, and
// that create's timeoutSeconds (short where it waits on a callback that never comes).
const ROWS: HardStopRow[] = [
  // The provider waits for the journal lock (held by the test): nothing written, nothing sent.
  ...rowsForEitherKill("before-post", ["ready"], 60),
  // The callback died with the listener: nobody knows the deployment id.
  hardStopRow("post-held", "provider", ["unconfirmed"], 3),
  // The orphan waits for the held answer until its request times out (10 s here), then keeps it
  // unconfirmed; had it taken the callback its listener got meanwhile, it would be ready.
  hardStopRow("post-held", "pulumi-group", ["ready", "unconfirmed"], 3),
  // JOD's callback went to the killed listener: the adopted create, served on another random
  // port, keeps the id at once rather than wait its 900 s for a callback that cannot come.
  ...rowsForEitherKill("accepted", ["awaiting-callback"], 900).map((row) => ({
    ...row,
    resumedSays: "its callback cannot arrive here",
  })),
  // A race with the journal's `done`: ready if it was written, else adopted awaiting the callback.
  ...rowsForEitherKill("callback-arrived", ["ready", "awaiting-callback"], 3),
];

describe("hard stops of `pulumi up` without a relay", () => {
  const fixture = useTestEmulator();

  it.each(ROWS)("kill -9 ($kill) at $moment: one deployment, kept in the stack", async (row) => {
    const { emulator } = fixture;
    await runHardStopRow(row, {
      emulator,
      config: jodConfig(emulator),
      name: `direct-${row.moment}-${row.kill}`,
    });
  });
});
