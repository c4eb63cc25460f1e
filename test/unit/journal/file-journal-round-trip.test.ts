import { readdirSync } from "node:fs";
import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import { journalKey } from "../../../provider/src/journal/journal-entry";
import { sampleEntry, tempDirectory } from "../../helpers/unit-journal";

describe("FileDeploymentJournal round trip", () => {
  const dir = tempDirectory();
  afterAll(() => dir.remove());

  it("reads back what it wrote, from a fresh instance too", async () => {
    const entry = sampleEntry("proj/dev/round-trip");
    await new FileDeploymentJournal({ directory: dir.path }).write(entry);
    expect(await new FileDeploymentJournal({ directory: dir.path }).read(entry.identity)).toEqual(
      entry,
    );
  });

  it("answers undefined for an identity it has no entry for", async () => {
    const journal = new FileDeploymentJournal({ directory: dir.path });
    expect(await journal.read("proj/dev/never-written")).toBeUndefined();
  });

  it("answers undefined when the directory does not exist yet", async () => {
    const journal = new FileDeploymentJournal({ directory: `${dir.path}/not/yet` });
    expect(await journal.read("proj/dev/anything")).toBeUndefined();
  });

  it("replaces an identity's entry with the newer one", async () => {
    const journal = new FileDeploymentJournal({ directory: dir.path });
    const identity = "proj/dev/advancing";
    await journal.write(sampleEntry(identity, { phase: "sending", deploymentId: undefined }));
    const done = sampleEntry(identity, {
      phase: "done",
      outcome: { kind: "ready", message: "ready" },
    });
    await journal.write(done);
    expect(await journal.read(identity)).toEqual(done);
  });

  it("names files by the sha256 of the identity, so no resource name shows", async () => {
    const identity = "proj/dev/secret-project-name";
    await new FileDeploymentJournal({ directory: dir.path }).write(sampleEntry(identity));
    const names = readdirSync(dir.path);
    expect(names).toContain(`${journalKey(identity)}.json`);
    expect(names.join(" ")).not.toContain("secret-project-name");
  });
});
