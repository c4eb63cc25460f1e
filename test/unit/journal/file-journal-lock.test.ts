import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import { journalKey } from "../../../provider/src/journal/journal-entry";
import { deadPid, sampleEntry, tempDirectory } from "../../helpers/unit-journal";

describe("FileDeploymentJournal lock", () => {
  const dir = tempDirectory();
  let count = 0;
  const freshDirectory = () => {
    const directory = join(dir.path, `journal-${(count += 1)}`);
    mkdirSync(directory, { mode: 0o700 });
    return directory;
  };
  const placeLock = (directory: string, pid: number) =>
    writeFileSync(
      join(directory, "journal.lock"),
      JSON.stringify({ pid, host: hostname(), nonce: "f".repeat(32) }),
    );
  afterAll(() => dir.remove());

  it("is released when the write fails", async () => {
    const directory = freshDirectory();
    const journal = new FileDeploymentJournal({ directory, lockTimeoutMs: 1_000 });
    const blocked = sampleEntry("proj/dev/blocked");
    // A non-empty directory where the entry should go makes the rename fail.
    mkdirSync(join(directory, `${journalKey(blocked.identity)}.json`, "inside"), {
      recursive: true,
    });
    await expect(journal.write(blocked)).rejects.toMatchObject({ code: "JOURNAL_IO" });
    expect(readdirSync(directory).sort()).toEqual([`${journalKey(blocked.identity)}.json`]);
    await journal.write(sampleEntry("proj/dev/after"));
    expect(await journal.read("proj/dev/after")).toEqual(sampleEntry("proj/dev/after"));
  });

  it("left by a process that died is taken over at once", async () => {
    const directory = freshDirectory();
    placeLock(directory, await deadPid());
    // A long stale age: only the dead pid can explain a takeover before the lock timeout.
    const journal = new FileDeploymentJournal({ directory, staleLockMs: 3_600_000 });
    await journal.write(sampleEntry("proj/dev/taken-over"));
    expect(await journal.read("proj/dev/taken-over")).toBeDefined();
    expect(existsSync(join(directory, "journal.lock"))).toBe(false);
  });

  it("held by a live process makes a write fail with JOURNAL_LOCKED, naming the holder", async () => {
    const directory = freshDirectory();
    const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
      stdio: "ignore",
    });
    try {
      placeLock(directory, holder.pid ?? 0);
      const journal = new FileDeploymentJournal({ directory, lockTimeoutMs: 200 });
      await expect(journal.write(sampleEntry("proj/dev/waits"))).rejects.toMatchObject({
        code: "JOURNAL_LOCKED",
        message: expect.stringContaining(`by process ${holder.pid} on ${hostname()}`),
      });
      expect(existsSync(join(directory, "journal.lock"))).toBe(true);
      expect(await journal.read("proj/dev/waits")).toBeUndefined();
    } finally {
      holder.kill("SIGKILL");
      await once(holder, "exit");
    }
  });

  it("older than staleLockMs is taken over even if its pid is alive (pid reuse)", async () => {
    const directory = freshDirectory();
    placeLock(directory, process.ppid);
    const longAgo = new Date(Date.now() - 120_000);
    utimesSync(join(directory, "journal.lock"), longAgo, longAgo);
    const journal = new FileDeploymentJournal({ directory, staleLockMs: 60_000 });
    await journal.write(sampleEntry("proj/dev/old-lock"));
    expect(existsSync(join(directory, "journal.lock"))).toBe(false);
  });

  it("lets parallel writes of one process take turns, and all of them land", async () => {
    const directory = freshDirectory();
    const journal = new FileDeploymentJournal({ directory });
    const identities = Array.from({ length: 50 }, (_, index) => `proj/dev/parallel-${index}`);
    await Promise.all(identities.map((identity) => journal.write(sampleEntry(identity))));
    for (const identity of identities) expect(await journal.read(identity)).toBeDefined();
    expect(readdirSync(directory)).toHaveLength(50);
  });
});
