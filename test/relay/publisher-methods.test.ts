import { fetchCallback, publishCallback, relayToken, openChannel } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";

const relay = useRelay({ withRedis: false });

test("the public callback URL refuses every method but POST with 403 and keeps its messages", async () => {
  const token = relayToken();
  const opened = await openChannel(relay, token);
  expect((await publishCallback(relay, token, '{"n":1}')).status).toBe(202);

  for (const method of ["GET", "DELETE", "PUT", "PATCH", "OPTIONS"]) {
    const response = await fetch(`${relay.baseUrl}/callback/${token}`, { method });
    expect({ method, status: response.status }).toEqual({ method, status: 403 });
  }

  // DELETE would have deleted the nchan channel had it reached the publisher.
  const delivered = await fetchCallback(relay, token, opened);
  expect(delivered.status).toBe(200);
  expect(await delivered.text()).toBe('{"n":1}');
});
