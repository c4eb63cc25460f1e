import { join } from "node:path";
import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import { compileFileJournal, startNode, tempDirectory } from "../../helpers/unit-journal";

const WRITE_200_TIMES = `
const [modulePath, directory] = process.argv.slice(1);
const { FileDeploymentJournal } = require(modulePath);
const journal = new FileDeploymentJournal({ directory });
(async () => {
  for (let count = 1; count <= 200; count += 1) {
    await journal.write({
      identity: "proj/dev/watched", phase: "accepted", updatedAt: new Date().toISOString(),
      request: { domain: "meet.example.com", recorders: 2, duration: 3, location: "lon" },
      deploymentId: "dep-" + count, balance: count, callbackNonce: "t".repeat(count * 20),
    });
  }
})();
`;

describe("FileDeploymentJournal read while another process writes", () => {
  const dir = tempDirectory();
  afterAll(() => dir.remove());

  it("always sees a complete entry, never a half-written or older one", async () => {
    const modulePath = compileFileJournal(dir.path);
    const directory = join(dir.path, "journal");
    const child = startNode(WRITE_200_TIMES, [modulePath, directory]);
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    let running = true;
    void exited.then(() => (running = false));
    const journal = new FileDeploymentJournal({ directory });
    const seen: number[] = [];
    while (running) {
      const entry = await journal.read("proj/dev/watched");
      if (entry === undefined) continue;
      expect(entry.deploymentId).toBe(`dep-${entry.balance}`);
      expect(entry.callbackNonce).toHaveLength((entry.balance ?? 0) * 20);
      seen.push(entry.balance ?? 0);
    }
    expect(await exited).toBe(0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBeGreaterThan(1);
    expect((await journal.read("proj/dev/watched"))?.balance).toBe(200);
  });
});
