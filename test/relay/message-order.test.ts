import {
  cursorOf,
  fetchCallback,
  publishCallback,
  relayToken,
  openChannel,
  CHANNEL_MARKER,
} from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";

const relay = useRelay({ withRedis: false });

test("messages on one channel come one per request, in order, by sending back Last-Modified and Etag", async () => {
  const token = relayToken();
  const opened = await openChannel(relay, token);
  expect((await publishCallback(relay, token, '{"step":"deploying"}')).status).toBe(202);
  expect((await publishCallback(relay, token, "deployed", "text/plain")).status).toBe(202);

  const first = await fetchCallback(relay, token, opened);
  expect(first.status).toBe(200);
  expect(await first.text()).toBe('{"step":"deploying"}');

  const second = await fetchCallback(relay, token, cursorOf(first));
  expect(second.status).toBe(200);
  expect(second.headers.get("content-type")).toBe("text/plain");
  expect(await second.text()).toBe("deployed");

  // Without a cursor the subscriber starts over at the oldest buffered message: the marker.
  const again = await fetchCallback(relay, token);
  expect(await again.text()).toBe(CHANNEL_MARKER);
});
