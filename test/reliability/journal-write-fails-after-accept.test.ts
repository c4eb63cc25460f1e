import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { jodRecords } from "../helpers/hard-stop";
import { useEmulatorStack } from "../helpers/reliability-deployment-stack";
import { waitUntil } from "../helpers/reliability-processes";

jest.setTimeout(180_000);

/**
 * Once JOD accepted, a journal write is best effort: a journal that breaks then (here its
 * directory is replaced by a file, as a full or failing disk would refuse the writes) costs a
 * warning, never the deployment. The stack gets it, and the next `pulumi up` buys nothing.
 */
describe("a journal write failing after JOD accepted", () => {
  const fixture = useEmulatorStack();

  it("still hands the deployment to the stack, and the next up buys nothing", async () => {
    const { deployment, emulator } = fixture;
    const journal = path.join(deployment.stack.workDir, "journal");
    // JOD's answer waits a moment: the journal breaks after JOD accepted, before its answer.
    emulator.setFaults({ responseDelayMs: 1_500 });
    deployment.declare("journal-broken", { timeoutSeconds: 60 });
    const up = deployment.up();
    await waitUntil(() => emulator.deployments().length === 1, "JOD accepting", 60_000);
    renameSync(journal, `${journal}.moved`);
    writeFileSync(journal, "not a directory");
    let report;
    try {
      report = await up;
    } finally {
      rmSync(journal);
      renameSync(`${journal}.moved`, journal);
    }
    const [accepted] = jodRecords(emulator).accepted;
    expect(report.output).toContain("WARNING: deployment journal: could not record");
    expect(report.outputs.deploymentId).toBe(accepted);
    expect(report.outputs.status).toBe("ready");

    emulator.setFaults({ responseDelayMs: 0 });
    await deployment.up();
    expect(jodRecords(emulator).posts).toBe(1);
    expect((await deployment.recorded()).map((resource) => resource.id)).toEqual([accepted]);
  });
});
