import { fetchCallback, publishCallback, relayToken, openChannel } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";

const relay = useRelay({ withRedis: false });

test("a subscriber without the bearer secret gets 401 and the message stays for the real one", async () => {
  const token = relayToken();
  const opened = await openChannel(relay, token);
  expect((await publishCallback(relay, token, '{"secret":"payload"}')).status).toBe(202);

  const url = `${relay.baseUrl}/subscribe/${token}`;
  const attempts: Record<string, Record<string, string>> = {
    "no header": {},
    "wrong secret": { Authorization: `Bearer ${relayToken()}` },
    "secret in upper case": { Authorization: `Bearer ${relay.secret.toUpperCase()}` },
    "basic scheme": { Authorization: `Basic ${relay.secret}` },
    "secret with a suffix": { Authorization: `Bearer ${relay.secret}0` },
  };
  for (const [name, headers] of Object.entries(attempts)) {
    const response = await fetch(url, { headers });
    expect({ name, status: response.status }).toEqual({ name, status: 401 });
    expect(await response.text()).not.toContain("payload");
  }

  const delivered = await fetchCallback(relay, token, opened);
  expect(delivered.status).toBe(200);
  expect(await delivered.text()).toBe('{"secret":"payload"}');
});
