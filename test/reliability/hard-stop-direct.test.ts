import type { RunningEmulator } from "../../emulator/src";
import { type HardStopRow, runHardStopRow } from "../helpers/hard-stop";
import { jodConfig, startTestEmulator } from "../helpers/jod-test-setup";

jest.setTimeout(240_000);

/**
 * Without a relay (the journal in a local directory, the callback listener in the provider):
 * `kill -9` of the provider, or of the `pulumi` process group, at each moment of a create, then
 * `pulumi cancel`, `pulumi refresh --clear-pending-creates` and `pulumi up`. JOD never sells a
 * second deployment, and the stack holds the one it sold (or, when its answer was never
 * recorded, an `unconfirmed` entry instead of a second POST).
 */
const ROWS: HardStopRow[] = [
  // The provider waits for the journal lock (held by the test): nothing written, nothing sent.
  {
    moment: "before-post",
    kill: "provider",
    posts: 1,
    finalStatus: ["ready"],
    resumeTimeoutSeconds: 60,
  },
  {
    moment: "before-post",
    kill: "pulumi-group",
    posts: 1,
    finalStatus: ["ready"],
    resumeTimeoutSeconds: 60,
  },
  // The callback died with the listener: nobody knows the deployment id.
  {
    moment: "post-held",
    kill: "provider",
    posts: 1,
    finalStatus: ["unconfirmed"],
    resumeTimeoutSeconds: 3,
  },
  // The orphan waits for the held answer until its request times out (10 s here), then keeps it
  // unconfirmed; had it taken the callback its listener got meanwhile, it would be ready.
  {
    moment: "post-held",
    kill: "pulumi-group",
    posts: 1,
    finalStatus: ["ready", "unconfirmed"],
    resumeTimeoutSeconds: 3,
  },
  // The callback is dropped: the adopted create waits briefly and keeps the id.
  {
    moment: "accepted",
    kill: "provider",
    posts: 1,
    finalStatus: ["awaiting-callback"],
    resumeTimeoutSeconds: 3,
  },
  {
    moment: "accepted",
    kill: "pulumi-group",
    posts: 1,
    finalStatus: ["awaiting-callback"],
    resumeTimeoutSeconds: 3,
  },
  // A race with the journal's `done`: ready if it was written, else adopted awaiting the callback.
  {
    moment: "callback-arrived",
    kill: "provider",
    posts: 1,
    finalStatus: ["ready", "awaiting-callback"],
    resumeTimeoutSeconds: 3,
  },
  {
    moment: "callback-arrived",
    kill: "pulumi-group",
    posts: 1,
    finalStatus: ["ready", "awaiting-callback"],
    resumeTimeoutSeconds: 3,
  },
];

describe("hard stops of `pulumi up` without a relay", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it.each(ROWS)("kill -9 ($kill) at $moment: one deployment, kept in the stack", async (row) => {
    await runHardStopRow(row, {
      emulator,
      config: jodConfig(emulator),
      name: `direct-${row.moment}-${row.kill}`,
    });
  });
});
