import { useTestEmulator } from "../helpers/jod-test-setup";
import { runYamlHardStopRow, type YamlHardStopRow } from "../helpers/yaml-hard-stop";

jest.setTimeout(240_000);

/**
 * The hard stops of test/reliability/hard-stop-direct.test.ts through the plugin: `kill -9` of
 * the `pulumi` process group of a YAML `pulumi up` at each moment of a create, then `pulumi
 * cancel`, `pulumi refresh --clear-pending-creates` and `pulumi up`. JOD never sells a second
 * deployment, and the stack holds the one it sold (or, when its answer was never recorded, an
 * `unconfirmed` entry instead of a second POST).
 */
// Each row: the moment, the statuses the stack may hold after the resumed `up`, and that
// create's timeoutSeconds (short where it waits on a callback that never comes).
const ROWS: YamlHardStopRow[] = [
  // The plugin waits for the journal lock (held by the test): nothing written, nothing sent.
  { moment: "before-post", finalStatus: ["ready"], resumeTimeoutSeconds: 60 },
  // The orphan waits for the held answer until its request times out (5 s here), then keeps it
  // unconfirmed; had it taken the callback its listener got meanwhile, it would be ready.
  { moment: "post-held", finalStatus: ["ready", "unconfirmed"], resumeTimeoutSeconds: 3 },
  // The callback is dropped: the adopted create waits briefly and keeps the id.
  { moment: "accepted", finalStatus: ["awaiting-callback"], resumeTimeoutSeconds: 3 },
  // A race with the journal's `done`: ready if it was written, else adopted awaiting the callback.
  {
    moment: "callback-arrived",
    finalStatus: ["ready", "awaiting-callback"],
    resumeTimeoutSeconds: 3,
  },
];

describe("hard stops of a YAML `pulumi up` on the plugin", () => {
  const fixture = useTestEmulator();

  it.each(ROWS)("kill -9 of pulumi's group at $moment: one deployment, kept", async (row) => {
    await runYamlHardStopRow(row, fixture.emulator);
  });
});
