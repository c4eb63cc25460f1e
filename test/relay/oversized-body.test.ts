import { fetchCallback, publishCallback, relayToken } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";

const relay = useRelay();

test("a callback body over 64 kB is refused with 413 and the relay keeps working", async () => {
  const token = relayToken();
  const tooLarge = await publishCallback(relay, token, "x".repeat(64 * 1024 + 1), "text/plain");
  expect(tooLarge.status).toBe(413);

  const largest = "y".repeat(64 * 1024);
  expect((await publishCallback(relay, token, largest, "text/plain")).status).toBe(202);
  const delivered = await fetchCallback(relay, token);
  expect(delivered.status).toBe(200);
  expect(await delivered.text()).toBe(largest);
});
