import { once } from "node:events";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import { journalKey } from "../../../provider/src/journal/journal-entry";
import {
  compileFileJournal,
  startNode,
  sampleEntry,
  tempDirectory,
} from "../../helpers/unit-journal";

// Writes the same identity over and over, printing each count once the write resolved.
const WRITE_FOREVER = `
const [modulePath, directory] = process.argv.slice(1);
const { FileDeploymentJournal } = require(modulePath);
const journal = new FileDeploymentJournal({ directory });
(async () => {
  for (let count = 1; ; count += 1) {
    await journal.write({
      identity: "proj/dev/killed", phase: "accepted", updatedAt: new Date().toISOString(),
      request: { domain: "meet.example.com", recorders: 2, duration: 3, location: "lon" },
      deploymentId: "dep-" + count, balance: count,
    });
    process.stdout.write(count + "\\n");
  }
})();
`;

describe("FileDeploymentJournal after a crash in the middle of a write", () => {
  const dir = tempDirectory();
  const modulePath = compileFileJournal(dir.path);
  const directory = join(dir.path, "journal");
  afterAll(() => dir.remove());

  it("keeps the old entry when the temp file was written but not renamed", async () => {
    const journal = new FileDeploymentJournal({ directory });
    const old = sampleEntry("proj/dev/crashed");
    await journal.write(old);
    const key = journalKey(old.identity);
    // What a process killed between writing the temp file and renaming it leaves behind.
    writeFileSync(join(directory, `.${key}.0123456789abcdef.tmp`), '{"identity":"proj/dev/cr');
    expect(await journal.read(old.identity)).toEqual(old);
  });

  it("removes such leftover temp files when pruning", async () => {
    const journal = new FileDeploymentJournal({ directory });
    await journal.prune(new Date("2030-01-01T00:00:00Z"));
    expect(readdirSync(directory).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("holds a complete entry, at least as new as the last confirmed write, after SIGKILL", async () => {
    for (let round = 0; round < 5; round += 1) {
      const child = startNode(WRITE_FOREVER, [modulePath, directory]);
      let confirmed = 0;
      const target = 20 + round * 7;
      await new Promise<void>((resolve) => {
        child.stdout.on("data", (chunk: Buffer) => {
          confirmed = Math.max(confirmed, ...chunk.toString().trim().split("\n").map(Number));
          if (confirmed >= target) resolve();
        });
      });
      child.kill("SIGKILL");
      await once(child, "exit");
      const entry = await new FileDeploymentJournal({ directory }).read("proj/dev/killed");
      expect(entry?.balance).toBeGreaterThanOrEqual(confirmed);
      expect(entry?.deploymentId).toBe(`dep-${entry?.balance}`);
    }
    // The killed writer may have held the lock: the next write takes it over.
    await new FileDeploymentJournal({ directory }).write(sampleEntry("proj/dev/killed"));
    expect(readdirSync(directory)).not.toContain("journal.lock");
  });
});
