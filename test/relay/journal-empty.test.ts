import { bearer, relayToken } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";

const relay = useRelay({ withRedis: false });

test("reading a journal nothing was written to answers 403 with no body, again and again", async () => {
  const key = relayToken();
  // Repeated: nchan 1.3.6 once aborted its worker on the second read of an empty channel.
  for (let read = 0; read < 3; read++) {
    const empty = await fetch(`${relay.baseUrl}/journal/${key}`, { headers: bearer(relay) });
    expect(empty.status).toBe(403);
    expect(await empty.text()).toBe("");
  }
  const ping = await fetch(`${relay.baseUrl}/ping`, { headers: bearer(relay) });
  expect(ping.status).toBe(200);
});
