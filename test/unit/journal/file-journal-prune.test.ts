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

  it("removes released and failed entries after 7 days, keeps younger ones", async () => {
    const far = at(24 * 365);
    const settled = (identity: string, hours: number, kind: "released" | "failed") =>
      sampleEntry(identity, {
        phase: "done",
        updatedAt: at(hours),
        expiresAt: far,
        outcome: { kind, message: "gone" },
      });
    const result = await pruneAt(at(24 * 7 + 1), [
      settled("old-released", 0, "released"),
      settled("old-failed", 1, "failed"),
      settled("young-released", 2, "released"),
    ]);
    expect(result).toEqual({ left: ["young-released"], removed: 2 });
  });

  // A 200-hour deployment handed over, then a hard stop before the stack recorded it: a resume
  // 8 days later must still find it, or it would buy the deployment again.
  it("keeps an entry a create could resume until a day after its deployment expires", async () => {
    const expiresAt = at(200);
    const resumable = [
      sampleEntry("ready", { phase: "done", updatedAt: at(0), expiresAt, outcome: READY }),
      sampleEntry("accepted", { phase: "accepted", updatedAt: at(0), expiresAt }),
      sampleEntry("awaiting", {
        phase: "done",
        updatedAt: at(0),
        expiresAt,
        outcome: { kind: "partial", status: "awaiting-callback", message: "" },
      }),
    ];
    const all = ["ready", "accepted", "awaiting"];
    expect((await pruneAt(at(24 * 8), resumable)).left).toEqual(all);
    expect((await pruneAt(at(223.9), resumable)).left).toEqual(all);
    expect(await pruneAt(at(224), resumable)).toEqual({ left: [], removed: 3 });
  });

  it("removes entries of any phase a day after their expiresAt", async () => {
    const result = await pruneAt(at(28), [
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

  it("beyond maxEntries removes the oldest released entries first, never resumable ones", async () => {
    const far = at(24 * 365);
    const released = (identity: string, hours: number) =>
      sampleEntry(identity, {
        phase: "done",
        updatedAt: at(hours),
        expiresAt: far,
        outcome: { kind: "released", message: "destroyed" },
      });
    const result = await pruneAt(
      at(10),
      [
        sampleEntry("accepted-oldest", { updatedAt: at(-1), expiresAt: far }),
        released("released-1", 1),
        released("released-3", 3),
        released("released-2", 2),
        sampleEntry("ready", { phase: "done", updatedAt: at(0), expiresAt: far, outcome: READY }),
      ],
      { maxEntries: 3 },
    );
    expect(result).toEqual({ left: ["accepted-oldest", "released-3", "ready"], removed: 2 });
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
