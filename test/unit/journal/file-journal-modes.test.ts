import { chmodSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import { journalKey } from "../../../provider/src/journal/journal-entry";
import { sampleEntry, tempDirectory } from "../../helpers/unit-journal";

const mode = (path: string) => statSync(path).mode & 0o777;

describe("FileDeploymentJournal permissions (entries hold callback tokens)", () => {
  const dir = tempDirectory();
  const previousUmask = process.umask(0);
  afterAll(() => {
    process.umask(previousUmask);
    dir.remove();
  });

  it("creates the directory, and the ones above it, 0700 and entries 0600, even under umask 0", async () => {
    const directory = join(dir.path, "pulumi-home", "pulumi-jod", "journal");
    const entry = sampleEntry("proj/dev/modes");
    await new FileDeploymentJournal({ directory }).write(entry);
    expect(mode(directory)).toBe(0o700);
    expect(mode(join(dir.path, "pulumi-home", "pulumi-jod"))).toBe(0o700);
    expect(mode(join(directory, `${journalKey(entry.identity)}.json`))).toBe(0o600);
    expect(readdirSync(directory)).toEqual([`${journalKey(entry.identity)}.json`]);
  });

  it("tightens an existing directory others could read to 0700", async () => {
    const directory = join(dir.path, "existing");
    mkdirSync(directory);
    chmodSync(directory, 0o755);
    await new FileDeploymentJournal({ directory }).write(sampleEntry("proj/dev/tighten"));
    expect(mode(directory)).toBe(0o700);
  });
});
