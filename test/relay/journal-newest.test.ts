import { bearer, relayToken } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";

const relay = useRelay({ withRedis: false });

function appendJournal(key: string, entry: unknown): Promise<Response> {
  return fetch(`${relay.baseUrl}/journal/${key}`, {
    method: "POST",
    headers: { ...bearer(relay), "Content-Type": "application/json" },
    body: JSON.stringify(entry),
  });
}

test("a journal read answers the newest entry, every time", async () => {
  const key = relayToken();
  for (const version of [1, 2, 3]) {
    expect((await appendJournal(key, { version })).status).toBe(202);
  }

  for (let read = 0; read < 2; read++) {
    const newest = await fetch(`${relay.baseUrl}/journal/${key}`, { headers: bearer(relay) });
    expect(newest.status).toBe(200);
    expect(newest.headers.get("content-type")).toBe("application/json");
    expect(await newest.json()).toEqual({ version: 3 });
  }

  expect((await appendJournal(key, { version: 4 })).status).toBe(202);
  const after = await fetch(`${relay.baseUrl}/journal/${key}`, { headers: bearer(relay) });
  expect(await after.json()).toEqual({ version: 4 });
});

test("journal entries need the secret to be written or read, and stay within 64 KiB", async () => {
  const key = relayToken();
  const anonymousWrite = await fetch(`${relay.baseUrl}/journal/${key}`, {
    method: "POST",
    body: "{}",
  });
  const anonymousRead = await fetch(`${relay.baseUrl}/journal/${key}`);
  const tooLarge = await appendJournal(key, { padding: "x".repeat(64 * 1024) });
  const deleted = await fetch(`${relay.baseUrl}/journal/${key}`, {
    method: "DELETE",
    headers: bearer(relay),
  });
  expect([anonymousWrite.status, anonymousRead.status, tooLarge.status, deleted.status]).toEqual([
    401, 401, 413, 403,
  ]);
});
