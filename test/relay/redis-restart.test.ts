import {
  bearer,
  cursorOf,
  fetchCallback,
  publishCallback,
  openChannel,
  relayToken,
} from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";

const relay = useRelay({ withRedis: true });

test("with the Redis store an nginx restart loses no buffered callback or journal entry", async () => {
  const token = relayToken();
  const key = relayToken();
  const opened = await openChannel(relay, token);
  // 201: Redis answers so for a channel a subscriber has asked for; 202: queued.
  expect([201, 202]).toContain((await publishCallback(relay, token, '{"n":1}')).status);
  expect([201, 202]).toContain((await publishCallback(relay, token, "two", "text/plain")).status);
  const journaled = await fetch(`${relay.baseUrl}/journal/${key}`, {
    method: "POST",
    headers: { ...bearer(relay), "Content-Type": "application/json" },
    body: '{"deployment":"d-7"}',
  });
  expect(journaled.status).toBe(202);

  await relay.restart();

  const first = await fetchCallback(relay, token, opened);
  expect(first.status).toBe(200);
  expect(first.headers.get("content-type")).toBe("application/json");
  expect(await first.text()).toBe('{"n":1}');
  const second = await fetchCallback(relay, token, cursorOf(first));
  expect(second.status).toBe(200);
  expect(await second.text()).toBe("two");
  const journal = await fetch(`${relay.baseUrl}/journal/${key}`, { headers: bearer(relay) });
  expect(journal.status).toBe(200);
  expect(await journal.text()).toBe('{"deployment":"d-7"}');
});
