import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import type { DeploymentInputs } from "../../../provider/src/deployment-state";
import type { InterruptSignal } from "../../../provider/src/runtime/interruption-guard";
import { holdJournalLock, waitsForJournalLock } from "../../helpers/hard-stop";
import { waitUntil } from "../../helpers/reliability-processes";
import { createUnitProvider, deploymentInputs } from "../../helpers/unit-provider-harness";

/**
 * SIGINT while a create writes its journal entry before the POST (here held up by another
 * process's journal lock): once the signal fired nothing is sent, and the journal says so, so
 * the next create buys as usual.
 */
describe("an interruption before the POST", () => {
  it("sends nothing, and the journal records that nothing was bought", async () => {
    const listeners: ((signal: InterruptSignal) => void)[] = [];
    const exits: number[] = [];
    const signals = {
      on: (_signal: InterruptSignal, listener: (signal: InterruptSignal) => void) =>
        listeners.push(listener),
      exit: (code: number) => exits.push(code),
    };
    const unit = createUnitProvider({ signals });
    const identity = "interrupted/dev/jod:RecorderDeployment::before-post";
    const directory = process.env.PULUMI_JOD_JOURNAL_DIR as string;
    const release = holdJournalLock(directory);
    const inputs = { ...deploymentInputs({ timeoutSeconds: 5 }), __jodIdentity: identity };
    const created = unit.provider.create(inputs as DeploymentInputs).catch((error: Error) => error);
    await waitUntil(
      () => waitsForJournalLock(directory),
      "the create waiting on the journal",
      5_000,
    );
    for (const listener of listeners) listener("SIGINT");
    release();

    const error = await created;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("received SIGINT before deploying");
    expect((error as Error).message).toContain("nothing was sent to JOD");
    expect(unit.requests).toHaveLength(0);
    const entry = await new FileDeploymentJournal().read(identity);
    expect(entry?.outcome?.kind).toBe("failed");
    await waitUntil(() => exits.length > 0, "the provider exiting", 5_000);
    expect(exits).toEqual([130]);
  });
});
