import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { journalKey } from "../../../provider/src/journal/journal-entry";
import { accepted, createUnitProvider } from "../../helpers/unit-provider-harness";
import { identifiedInputs, settled } from "../../helpers/unit-resume";

/**
 * A journal entry cut short (a crash of another tool, a disk error) may record a deployment JOD
 * accepted: a real create refuses, sends nothing, and names the file to look at.
 */
describe("a create that finds its journal entry unreadable", () => {
  it("refuses, sends nothing, and names the entry's file", async () => {
    const inputs = identifiedInputs("corrupt", { timeoutSeconds: 1 });
    const identity = (inputs as { __jodIdentity?: string }).__jodIdentity as string;
    const directory = process.env.PULUMI_JOD_JOURNAL_DIR as string;
    mkdirSync(directory, { recursive: true });
    const file = join(directory, `${journalKey(identity)}.json`);
    writeFileSync(file, '{"identity":"unit/dev/jod:RecorderDeployment::corrupt","phase":"acc');

    const unit = createUnitProvider({ script: async () => accepted("dep-1") });
    const result = await settled(unit.provider.create(inputs));
    expect(unit.requests).toHaveLength(0);
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toContain(
      `The deployment journal entry ${file} is unreadable`,
    );
    expect((result as Error).message).toContain("Check the JOD dashboard");
    expect(result).not.toHaveProperty("id");
  });
});
