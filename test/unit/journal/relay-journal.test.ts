import { RelayDeploymentJournal } from "../../../provider/src/journal/relay-journal";
import { journalKey } from "../../../provider/src/journal/journal-entry";
import {
  SAMPLE_SECRET,
  sampleEntry,
  serveLoopbackRelay,
  type LoopbackRelay,
} from "../../helpers/unit-journal";

describe("RelayDeploymentJournal against the relay's journal endpoints", () => {
  let relay: LoopbackRelay;
  let journal: RelayDeploymentJournal;
  beforeAll(async () => {
    relay = await serveLoopbackRelay(SAMPLE_SECRET);
    journal = new RelayDeploymentJournal({ baseUrl: relay.baseUrl, secret: SAMPLE_SECRET });
  });
  afterEach(() => relay.failWith(undefined));
  afterAll(() => relay.close());

  it("reads back the newest entry it wrote", async () => {
    const identity = "proj/ci/rec";
    await journal.write(sampleEntry(identity, { phase: "sending", deploymentId: undefined }));
    const accepted = sampleEntry(identity);
    await journal.write(accepted);
    expect(await journal.read(identity)).toEqual(accepted);
  });

  it("answers undefined for a journal nothing was written to", async () => {
    expect(await journal.read("proj/ci/never-written")).toBeUndefined();
  });

  it("uses the sha256 key in the path and the secret only as a Bearer header", async () => {
    const identity = "proj/ci/secret-project-name";
    await journal.write(sampleEntry(identity));
    await journal.read(identity);
    const mine = relay.requests.slice(-2);
    expect(mine.map(({ method, path }) => `${method} ${path}`)).toEqual([
      `POST /jod-relay/journal/${journalKey(identity)}`,
      `GET /jod-relay/journal/${journalKey(identity)}`,
    ]);
    expect(mine.every((request) => request.authorization === `Bearer ${SAMPLE_SECRET}`)).toBe(true);
  });

  it("refuses an entry above the relay's 64 kB before sending it", async () => {
    const before = relay.requests.length;
    const big = sampleEntry("proj/ci/big", { callbackNonce: "x".repeat(66_000) });
    await expect(journal.write(big)).rejects.toMatchObject({ code: "JOURNAL_INVALID_ENTRY" });
    expect(relay.requests).toHaveLength(before);
  });

  it("names jod:relaySecret when the relay refuses the secret", async () => {
    const wrong = new RelayDeploymentJournal({ baseUrl: relay.baseUrl, secret: "0".repeat(64) });
    for (const attempt of [wrong.read("proj/ci/rec"), wrong.write(sampleEntry("proj/ci/rec"))]) {
      await expect(attempt).rejects.toMatchObject({
        code: "RELAY_UNAUTHORIZED",
        message: expect.stringContaining("jod:relaySecret"),
      });
    }
  });

  it("takes only the relay's empty 403 for 'nothing written'; a 403 with a body is refused", async () => {
    relay.failWith(403);
    await expect(journal.read("proj/ci/rec")).resolves.toBeUndefined();
    relay.failWith(403, "<html><body>Forbidden by the proxy</body></html>");
    await expect(journal.read("proj/ci/rec")).rejects.toMatchObject({
      code: "RELAY_REFUSED",
      message: expect.stringContaining("HTTP 403"),
    });
  });

  it("refuses a base URL that is not the relay (404)", async () => {
    const notRelay = new RelayDeploymentJournal({
      baseUrl: relay.baseUrl.replace("/jod-relay", "/elsewhere"),
      secret: SAMPLE_SECRET,
    });
    await expect(notRelay.read("proj/ci/rec")).rejects.toMatchObject({
      code: "RELAY_REFUSED",
      message: expect.stringContaining("HTTP 404"),
    });
  });

  it("reports other answers as RELAY_REFUSED with the status and jod:callbackRelay", async () => {
    relay.failWith(500);
    for (const attempt of [journal.read("proj/ci/rec"), journal.write(sampleEntry("proj/ci/x"))]) {
      await expect(attempt).rejects.toMatchObject({
        code: "RELAY_REFUSED",
        message: expect.stringMatching(/HTTP 500.*jod:callbackRelay|jod:callbackRelay.*HTTP 500/),
      });
    }
  });

  it("reads a corrupt newest message as JOURNAL_CORRUPT, not as 'no entry'", async () => {
    const identity = "proj/ci/corrupt";
    const key = journalKey(identity);
    await fetch(`${relay.baseUrl}/journal/${key}`, {
      method: "POST",
      headers: { authorization: `Bearer ${SAMPLE_SECRET}` },
      body: '{"identity":"proj/ci/corr',
    });
    await expect(journal.read(identity)).rejects.toMatchObject({ code: "JOURNAL_CORRUPT" });
  });

  it("reports a relay that does not answer as RELAY_UNREACHABLE", async () => {
    const down = await serveLoopbackRelay(SAMPLE_SECRET);
    await down.close();
    const unreachable = new RelayDeploymentJournal({
      baseUrl: down.baseUrl,
      secret: SAMPLE_SECRET,
    });
    await expect(unreachable.read("proj/ci/rec")).rejects.toMatchObject({
      code: "RELAY_UNREACHABLE",
      message: expect.stringContaining("ECONNREFUSED"),
    });
  });
});
