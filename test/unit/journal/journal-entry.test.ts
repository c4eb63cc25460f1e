import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import { entryProblems, journalKey } from "../../../provider/src/journal/journal-entry";
import { sampleEntry, tempDirectory } from "../../helpers/unit-journal";

describe("journal entries", () => {
  it("are keyed by the sha256 hex of the identity", () => {
    const expected = createHash("sha256").update("proj/dev/rec").digest("hex");
    expect(journalKey("proj/dev/rec")).toBe(expected);
    expect(journalKey("proj/dev/rec")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("accept a complete entry", () => {
    expect(entryProblems(sampleEntry())).toEqual([]);
  });

  it("say what is wrong with an incomplete one", () => {
    const problems = entryProblems({
      ...sampleEntry(),
      phase: "finished",
      updatedAt: "yesterday",
      request: { domain: "meet.example.com", recorders: "2", duration: 3, location: "lon" },
    });
    expect(problems).toEqual([
      "phase must be one of sending, accepted, done",
      "updatedAt must be an ISO 8601 instant",
      "request.recorders must be a number",
    ]);
  });

  it("need the deployment id once accepted and the outcome once done", () => {
    expect(entryProblems(sampleEntry("a", { deploymentId: undefined }))).toEqual([
      "an accepted entry needs the deploymentId",
    ]);
    expect(entryProblems(sampleEntry("a", { phase: "done" }))).toEqual([
      "a done entry needs the outcome",
    ]);
  });

  it("are refused before anything is written when invalid", async () => {
    const dir = tempDirectory();
    try {
      const journal = new FileDeploymentJournal({ directory: `${dir.path}/journal` });
      await expect(journal.write(sampleEntry("", {}))).rejects.toMatchObject({
        code: "JOURNAL_INVALID_ENTRY",
        message: expect.stringContaining("identity must be a non-empty string"),
      });
      expect(existsSync(`${dir.path}/journal`)).toBe(false);
    } finally {
      dir.remove();
    }
  });
});
