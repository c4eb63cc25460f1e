import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { accepted, configuredEnv, createUnitProvider } from "../../helpers/unit-provider-harness";
import { identifiedInputs, settled } from "../../helpers/unit-resume";
import { tempDirectory } from "../../helpers/unit-journal";

/**
 * The journal entry written right before the POST is what a resume finds after a hard stop:
 * when it cannot be written, nothing is posted (nothing is bought) and the error says why.
 */
describe("a journal that cannot take the entry before the POST", () => {
  const dir = tempDirectory();
  afterAll(() => dir.remove());

  it("stops the create before anything is sent to JOD", async () => {
    // A file where the journal directory should be: every write fails, as on a full disk.
    const notADirectory = join(dir.path, "journal");
    writeFileSync(notADirectory, "not a directory");
    const previous = process.env.PULUMI_JOD_JOURNAL_DIR;
    process.env.PULUMI_JOD_JOURNAL_DIR = notADirectory;
    try {
      const unit = createUnitProvider({
        env: configuredEnv(),
        script: async () => accepted("dep-1"),
      });
      const result = await settled(unit.provider.create(identifiedInputs("unwritable")));
      expect(unit.requests).toHaveLength(0);
      expect(result).toBeInstanceOf(Error);
      expect(result).not.toHaveProperty("id");
      expect((result as Error).message).toContain(notADirectory);
    } finally {
      process.env.PULUMI_JOD_JOURNAL_DIR = previous;
    }
  });
});
