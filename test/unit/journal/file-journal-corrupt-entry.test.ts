import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import { JournalError, journalKey } from "../../../provider/src/journal/journal-entry";
import { SAMPLE_NONCE, sampleEntry, tempDirectory } from "../../helpers/unit-journal";

describe("FileDeploymentJournal with a corrupt entry", () => {
  const dir = tempDirectory();
  const journal = new FileDeploymentJournal({ directory: dir.path });
  const pathOf = (identity: string) => join(dir.path, `${journalKey(identity)}.json`);
  afterAll(() => dir.remove());

  it("throws JOURNAL_CORRUPT for a partly written file, never 'no entry', and leaves it", async () => {
    const identity = "proj/dev/partial";
    await journal.write(sampleEntry(identity));
    const text = readFileSync(pathOf(identity), "utf8");
    writeFileSync(pathOf(identity), text.slice(0, text.length / 2));
    const error = await journal.read(identity).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JournalError);
    expect(error).toMatchObject({ code: "JOURNAL_CORRUPT" });
    expect((error as Error).message).toContain(pathOf(identity));
    expect((error as Error).message).toContain("not complete JSON");
    expect((error as Error).message).not.toContain(SAMPLE_NONCE.slice(0, 16));
    expect(existsSync(pathOf(identity))).toBe(true);
  });

  it("throws JOURNAL_CORRUPT for an empty file", async () => {
    writeFileSync(pathOf("proj/dev/empty"), "");
    await expect(journal.read("proj/dev/empty")).rejects.toMatchObject({ code: "JOURNAL_CORRUPT" });
  });

  it("throws JOURNAL_CORRUPT for JSON that is not an entry, naming what is wrong", async () => {
    writeFileSync(pathOf("proj/dev/shape"), JSON.stringify({ identity: "proj/dev/shape" }));
    await expect(journal.read("proj/dev/shape")).rejects.toMatchObject({
      code: "JOURNAL_CORRUPT",
      message: expect.stringContaining("phase must be one of"),
    });
  });

  it("throws JOURNAL_CORRUPT for another identity's entry filed under this name", async () => {
    await journal.write(sampleEntry("proj/dev/original"));
    copyFileSync(pathOf("proj/dev/original"), pathOf("proj/dev/copy"));
    await expect(journal.read("proj/dev/copy")).rejects.toMatchObject({
      code: "JOURNAL_CORRUPT",
      message: expect.stringContaining("belongs to another identity"),
    });
  });

  it("is listed by prune and kept, while prune goes on with the rest", async () => {
    const expired = sampleEntry("proj/dev/expired", { expiresAt: "2030-01-01T03:00:00.000Z" });
    await journal.write(expired);
    const result = await journal.prune(new Date("2031-01-01T00:00:00Z"));
    expect(result.corrupt.sort()).toEqual(
      ["proj/dev/partial", "proj/dev/empty", "proj/dev/shape", "proj/dev/copy"].map(pathOf).sort(),
    );
    expect(existsSync(pathOf("proj/dev/partial"))).toBe(true);
    expect(existsSync(pathOf("proj/dev/expired"))).toBe(false);
  });
});
