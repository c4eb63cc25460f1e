import { readdirSync } from "node:fs";
import { join } from "node:path";
import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import { compileFileJournal, runNode, tempDirectory } from "../../helpers/unit-journal";

// Writes 200 entries of its own stack, each twice as one `pulumi up` would: first a version that
// prune may remove (already expired), then the accepted one, which prune must never remove.
const WRITE_STACK = `
const [modulePath, directory, stack] = process.argv.slice(1);
const { FileDeploymentJournal } = require(modulePath);
const journal = new FileDeploymentJournal({ directory });
(async () => {
  for (let index = 0; index < 200; index += 1) {
    const base = {
      identity: "proj/" + stack + "/rec-" + index, updatedAt: new Date().toISOString(),
      request: { domain: stack + ".example.com", recorders: 1 + (index % 5), duration: 3, location: "lon" },
    };
    await journal.write({ ...base, phase: "sending", expiresAt: new Date(Date.now() - 1000).toISOString() });
    await journal.write({
      ...base, phase: "accepted", deploymentId: stack + "-" + index, balance: index,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
  }
})();
`;

// Prunes in a loop until told the writers are done (a file appears).
const PRUNE_UNTIL_STOPPED = `
const [modulePath, directory, stopFile] = process.argv.slice(1);
const { FileDeploymentJournal } = require(modulePath);
const { existsSync } = require("node:fs");
const journal = new FileDeploymentJournal({ directory });
(async () => {
  let rounds = 0;
  let removed = 0;
  while (!existsSync(stopFile)) { removed += (await journal.prune(new Date())).removed; rounds += 1; }
  process.stdout.write(JSON.stringify({ rounds, removed }));
})();
`;

describe("FileDeploymentJournal shared by two processes (two stacks on one machine)", () => {
  const dir = tempDirectory();
  afterAll(() => dir.remove());

  it("keeps every entry of both intact, while a third process prunes", async () => {
    const modulePath = compileFileJournal(dir.path);
    const directory = join(dir.path, "journal");
    const stopFile = join(dir.path, "writers-done");
    const pruner = runNode(PRUNE_UNTIL_STOPPED, [modulePath, directory, stopFile]);
    const writers = await Promise.all(
      ["stack-a", "stack-b"].map((stack) => runNode(WRITE_STACK, [modulePath, directory, stack])),
    );
    await runNode(`require("node:fs").writeFileSync(${JSON.stringify(stopFile)}, "")`, []);
    const prunerRun = await pruner;
    expect(writers.map((run) => run.code)).toEqual([0, 0]);
    expect(prunerRun.code).toBe(0);
    // Whether a round caught an expired first version depends on timing; that it ran does not.
    expect(JSON.parse(prunerRun.stdout).rounds).toBeGreaterThan(0);

    const journal = new FileDeploymentJournal({ directory });
    for (const stack of ["stack-a", "stack-b"]) {
      for (let index = 0; index < 200; index += 1) {
        const entry = await journal.read(`proj/${stack}/rec-${index}`);
        expect(entry).toMatchObject({
          phase: "accepted",
          deploymentId: `${stack}-${index}`,
          balance: index,
          request: { domain: `${stack}.example.com`, recorders: 1 + (index % 5) },
        });
      }
    }
    const names = readdirSync(directory);
    expect(names.filter((name) => name.endsWith(".json"))).toHaveLength(400);
    expect(names.filter((name) => !name.endsWith(".json"))).toEqual([]);
  });
});
