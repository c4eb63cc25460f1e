import { readdirSync } from "node:fs";
import { join } from "node:path";
import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import type { JournalEntry } from "../../../provider/src/journal/journal-entry";
import { at, sampleEntry, tempDirectory } from "../../helpers/unit-journal";

const READY = { kind: "ready" as const, recorders: [{ id: "r1", ip: "192.0.2.7" }], message: "ok" };

describe("FileDeploymentJournal.prune", () => {
  const dir = tempDirectory();
  let count = 0;
  afterAll(() => dir.remove());

  /** Writes the entries into a fresh journal, prunes at `now`, answers what is left. */
  async function pruneAt(
    now: string,
    entries: JournalEntry[],
    options: { maxEntries?: number } = {},
  ): Promise<{ left: string[]; removed: number }> {
    const journal = new FileDeploymentJournal({
      directory: join(dir.path, `journal-${(count += 1)}`),
      ...options,
    });
    for (const entry of entries) await journal.write(entry);
    const { removed, corrupt } = await journal.prune(new Date(now));
    expect(corrupt).toEqual([]);
    const left: string[] = [];
    for (const entry of entries) {
      if ((await journal.read(entry.identity)) !== undefined) left.push(entry.identity);
    }
    if (entries.length > 0) expect(readdirSync(journal.directory)).toHaveLength(left.length);
    return { left, removed };
  }

  it("removes done entries older than 7 days and keeps younger ones", async () => {
    const far = at(24 * 365);
    const result = await pruneAt(at(24 * 7 + 1), [
      sampleEntry("old-done", { phase: "done", updatedAt: at(0), expiresAt: far, outcome: READY }),
      sampleEntry("young-done", {
        phase: "done",
        updatedAt: at(2),
        expiresAt: far,
        outcome: READY,
      }),
    ]);
    expect(result).toEqual({ left: ["young-done"], removed: 1 });
  });

  it("removes entries of any phase whose expiresAt has passed", async () => {
    const result = await pruneAt(at(4), [
      sampleEntry("expired-accepted", { expiresAt: at(3) }),
      sampleEntry("expired-sending", { phase: "sending", expiresAt: at(4) }),
      sampleEntry("live-accepted", { expiresAt: at(5) }),
    ]);
    expect(result).toEqual({ left: ["live-accepted"], removed: 2 });
  });

  it("without expiresAt, keeps an unfinished entry for its duration plus a day", async () => {
    const unfinished = (identity: string) =>
      sampleEntry(identity, { phase: "sending", expiresAt: undefined, updatedAt: at(0) });
    expect((await pruneAt(at(26.9), [unfinished("kept")])).left).toEqual(["kept"]);
    expect((await pruneAt(at(27), [unfinished("gone")])).left).toEqual([]);
  });

  it("beyond maxEntries removes the oldest done entries first, never unfinished ones", async () => {
    const far = at(24 * 365);
    const done = (identity: string, hours: number) =>
      sampleEntry(identity, {
        phase: "done",
        updatedAt: at(hours),
        expiresAt: far,
        outcome: READY,
      });
    const result = await pruneAt(
      at(10),
      [
        sampleEntry("accepted-oldest", { updatedAt: at(-1), expiresAt: far }),
        done("done-1", 1),
        done("done-3", 3),
        done("done-2", 2),
        sampleEntry("sending", { phase: "sending", updatedAt: at(0), expiresAt: far }),
      ],
      { maxEntries: 3 },
    );
    expect(result).toEqual({ left: ["accepted-oldest", "done-3", "sending"], removed: 2 });
  });

  it("does not remove unfinished entries even when they alone exceed maxEntries", async () => {
    const entries = ["a", "b", "c"].map((identity) => sampleEntry(identity, { expiresAt: at(5) }));
    expect(await pruneAt(at(1), entries, { maxEntries: 1 })).toEqual({
      left: ["a", "b", "c"],
      removed: 0,
    });
  });

  it("has nothing to do in a missing or empty directory", async () => {
    const journal = new FileDeploymentJournal({ directory: join(dir.path, "never-made") });
    expect(await journal.prune(new Date(at(1)))).toEqual({ removed: 0, corrupt: [] });
    expect(await pruneAt(at(1), [])).toEqual({ left: [], removed: 0 });
  });
});
