import { fetchCallback, publishCallback, relayToken, openChannel } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";

const relay = useRelay({ withRedis: false });
/** The publisher's limit: JOD's callback for 10,000 recorders is about 2.1 MB. */
const LIMIT = 4 * 1024 * 1024;

test("a callback body over 4 MiB is refused with 413; one of 4 MiB is stored whole", async () => {
  const token = relayToken();
  const opened = await openChannel(relay, token);
  const tooLarge = await publishCallback(relay, token, "x".repeat(LIMIT + 1), "text/plain");
  expect(tooLarge.status).toBe(413);

  const largest = "y".repeat(LIMIT);
  expect((await publishCallback(relay, token, largest, "text/plain")).status).toBe(202);
  const delivered = await fetchCallback(relay, token, opened);
  expect(delivered.status).toBe(200);
  expect(await delivered.text()).toBe(largest);
});
