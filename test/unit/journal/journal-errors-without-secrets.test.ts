import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { inspect } from "node:util";
import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import { journalKey } from "../../../provider/src/journal/journal-entry";
import { RelayDeploymentJournal } from "../../../provider/src/journal/relay-journal";
import {
  SAMPLE_SECRET,
  SAMPLE_NONCE,
  sampleEntry,
  serveLoopbackRelay,
  tempDirectory,
} from "../../helpers/unit-journal";

/** Everything a user or a log could see of an error: message, stack, cause, own fields. */
async function visibleTextOf(attempt: () => Promise<unknown>): Promise<string> {
  const error = await attempt().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return [String(error), (error as Error).stack, inspect(error, { depth: 5 })].join("\n");
}

describe("journal errors", () => {
  const dir = tempDirectory();
  afterAll(() => dir.remove());

  it("never contain the callback token or the relay secret", async () => {
    const directory = join(dir.path, "journal");
    const files = new FileDeploymentJournal({ directory, lockTimeoutMs: 100 });
    const entry = sampleEntry("proj/dev/rec");
    const relay = await serveLoopbackRelay(SAMPLE_SECRET);
    const silent = http.createServer(() => undefined);
    silent.listen(0, "127.0.0.1");
    await once(silent, "listening");
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/jod-relay`;
    const relayJournal = (baseUrl: string, secret = SAMPLE_SECRET) =>
      new RelayDeploymentJournal({ baseUrl, secret }, 200);
    try {
      await files.write(entry);
      const entryPath = join(directory, `${journalKey(entry.identity)}.json`);
      const texts: string[] = [];
      // A corrupt file whose readable part holds the token.
      writeFileSync(entryPath, JSON.stringify(entry).slice(0, -20));
      texts.push(await visibleTextOf(() => files.read(entry.identity)));
      // An invalid entry holding the token.
      texts.push(await visibleTextOf(() => files.write({ ...entry, phase: "done" })));
      // A write that fails in the file system.
      mkdirSync(join(directory, `${journalKey("proj/dev/blocked")}.json`, "inside"), {
        recursive: true,
      });
      texts.push(await visibleTextOf(() => files.write(sampleEntry("proj/dev/blocked"))));
      // The relay: wrong secret, refusal, corrupt message, no answer, down.
      const wrongSecret = SAMPLE_SECRET.replace(/^5/, "6");
      texts.push(await visibleTextOf(() => relayJournal(relay.baseUrl, wrongSecret).write(entry)));
      relay.failWith(500);
      texts.push(await visibleTextOf(() => relayJournal(relay.baseUrl).write(entry)));
      relay.failWith(200, JSON.stringify(entry).slice(0, -20));
      texts.push(await visibleTextOf(() => relayJournal(relay.baseUrl).read(entry.identity)));
      texts.push(await visibleTextOf(() => relayJournal(silentUrl).write(entry)));
      await relay.close();
      texts.push(await visibleTextOf(() => relayJournal(relay.baseUrl).read(entry.identity)));

      expect(texts).toHaveLength(8);
      for (const text of texts) {
        expect(text).not.toContain(SAMPLE_NONCE);
        expect(text).not.toContain(SAMPLE_NONCE.slice(0, 24));
        expect(text).not.toContain(SAMPLE_SECRET);
        expect(text).not.toContain(wrongSecret);
        expect(text).not.toContain(SAMPLE_SECRET.slice(8, 32));
      }
      expect(texts[6]).toContain("no complete answer within 200 ms");
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
