import { useTestEmulator } from "../helpers/jod-test-setup";
import { useRelay } from "../helpers/relay-process";
import { runYamlHardStopRow, type YamlHardStopRow } from "../helpers/yaml-hard-stop";

jest.setTimeout(240_000);

/**
 * test/reliability/hard-stop-relay.test.ts through the plugin: with `jod:callbackRelay` (the
 * journal and the callbacks in the relay, real nginx + nchan), `kill -9` of the `pulumi` process
 * group of a YAML `pulumi up` at each moment of a create, then `pulumi cancel`, `pulumi refresh
 * --clear-pending-creates` and `pulumi up`. The relay kept what the killed run could not: the
 * resumed create adopts the one deployment JOD sold, and its callback makes it ready.
 */
const ROWS: YamlHardStopRow[] = [
  // The relay is frozen (SIGSTOP) while the plugin talks to it: nothing written, nothing sent.
  { moment: "before-post", finalStatus: ["ready"], resumeTimeoutSeconds: 60 },
  // The unanswered POST's callback waits on the relay: it names the deployment.
  { moment: "post-held", finalStatus: ["ready"], resumeTimeoutSeconds: 60 },
  // The callback comes late, to the relay, and reaches the adopting create.
  { moment: "accepted", finalStatus: ["ready"], resumeTimeoutSeconds: 60 },
  // Whether or not the journal's `done` was written, the relay still holds the callback.
  { moment: "callback-arrived", finalStatus: ["ready"], resumeTimeoutSeconds: 60 },
];

describe("hard stops of a YAML `pulumi up` on the plugin, with the callback relay", () => {
  const relay = useRelay();
  const fixture = useTestEmulator();

  it.each(ROWS)("kill -9 of pulumi's group at $moment: one deployment, ready", async (row) => {
    await runYamlHardStopRow(row, fixture.emulator, relay);
  });
});
