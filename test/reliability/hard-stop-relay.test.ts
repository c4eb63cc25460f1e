import type { RunningEmulator } from "../../emulator/src";
import { type HardStopRow, runHardStopRow } from "../helpers/hard-stop";
import { jodConfig, startTestEmulator } from "../helpers/jod-test-setup";
import { startRelay, type RelayProcess } from "../helpers/relay-process";

jest.setTimeout(240_000);

/**
 * With `jod:callbackRelay` (the journal and the callbacks in the relay, real nginx + nchan):
 * `kill -9` of the provider, or of the `pulumi` process group, at each moment of a create, then
 * `pulumi cancel`, `pulumi refresh --clear-pending-creates` and `pulumi up`. The relay kept what
 * the killed run could not: the resumed create adopts the one deployment JOD sold, and its
 * callback, even that of a POST whose answer was never recorded, makes it ready.
 */
const ROWS: HardStopRow[] = [
  // The relay is frozen (SIGSTOP) while the provider talks to it: nothing written, nothing sent.
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
  // The unanswered POST's callback waits on the relay: it names the deployment.
  {
    moment: "post-held",
    kill: "provider",
    posts: 1,
    finalStatus: ["ready"],
    resumeTimeoutSeconds: 60,
  },
  {
    moment: "post-held",
    kill: "pulumi-group",
    posts: 1,
    finalStatus: ["ready"],
    resumeTimeoutSeconds: 60,
  },
  // The callback comes late, to the relay, and reaches the adopting create.
  {
    moment: "accepted",
    kill: "provider",
    posts: 1,
    finalStatus: ["ready"],
    resumeTimeoutSeconds: 60,
  },
  {
    moment: "accepted",
    kill: "pulumi-group",
    posts: 1,
    finalStatus: ["ready"],
    resumeTimeoutSeconds: 60,
  },
  // Whether or not the journal's `done` was written, the relay still holds the callback.
  {
    moment: "callback-arrived",
    kill: "provider",
    posts: 1,
    finalStatus: ["ready"],
    resumeTimeoutSeconds: 60,
  },
  {
    moment: "callback-arrived",
    kill: "pulumi-group",
    posts: 1,
    finalStatus: ["ready"],
    resumeTimeoutSeconds: 60,
  },
];

describe("hard stops of `pulumi up` with the callback relay", () => {
  let emulator: RunningEmulator;
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay();
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
    await relay?.stop();
  });

  it.each(ROWS)("kill -9 ($kill) at $moment: one deployment, kept in the stack", async (row) => {
    await runHardStopRow(row, {
      emulator,
      relay,
      config: {
        ...jodConfig(emulator),
        "jod:callbackRelay": { value: relay.baseUrl },
        "jod:relaySecret": { value: relay.secret, secret: true },
      },
      name: `relay-${row.moment}-${row.kill}`,
    });
  });
});
