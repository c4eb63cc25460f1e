import type { InterruptSignal } from "../../../provider/src/runtime/interruption-guard";
import { holdJournalLock } from "../../helpers/hard-stop";
import { accepted, createUnitProvider } from "../../helpers/unit-provider-harness";
import { identifiedInputs, journaledEntry, settled } from "../../helpers/unit-resume";

/**
 * SIGINT while a POST is at JOD, and the journal write of JOD's answer is slow (held up here
 * by another process's journal lock for 3 s, past the 2 s the process gives waiting creates): the process must not exit before the answer
 * is journaled and the create has handed the deployment over as a partial create.
 */
describe("a signal while JOD answers and the journal is slow", () => {
  it("journals the answer and hands the deployment over before the process exits", async () => {
    const listeners: ((signal: InterruptSignal) => void)[] = [];
    const exits: { code: number; createReturned: boolean }[] = [];
    let createReturned = false;
    const signals = {
      on: (_signal: InterruptSignal, listener: (signal: InterruptSignal) => void) =>
        listeners.push(listener),
      exit: (code: number) => exits.push({ code, createReturned }),
    };
    const directory = process.env.PULUMI_JOD_JOURNAL_DIR as string;
    const unit = createUnitProvider({
      signals,
      script: async () => {
        // One SIGINT (the guard listens for SIGINT and SIGTERM alike; a second signal exits at once).
        listeners[0]("SIGINT");
        const release = holdJournalLock(directory);
        setTimeout(release, 3_000).unref();
        return accepted("dep-1");
      },
    });
    const inputs = identifiedInputs("signal/slow-journal", { timeoutSeconds: 60 });
    const result = await settled(unit.provider.create(inputs));
    createReturned = true;

    expect(result).toMatchObject({ id: "dep-1", properties: { status: "awaiting-callback" } });
    expect(await journaledEntry(inputs)).toMatchObject({
      deploymentId: "dep-1",
      outcome: { kind: "partial", status: "awaiting-callback" },
    });
    for (let waited = 0; exits.length === 0 && waited < 20_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(exits).toEqual([{ code: 130, createReturned: true }]);
  });
});
