import { fetchCallback, publishCallback, relayToken, openChannel } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";

const relay = useRelay({ withRedis: false });

test("a callback published before anyone subscribes reaches a later subscriber with its Content-Type", async () => {
  const token = relayToken();
  const opened = await openChannel(relay, token);
  const body = JSON.stringify({ status: "deployed", id: "d-1" });

  const published = await publishCallback(relay, token, body, "application/json; charset=utf-8");
  expect(published.status).toBe(202);

  const delivered = await fetchCallback(relay, token, opened);
  expect(delivered.status).toBe(200);
  expect(delivered.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(await delivered.text()).toBe(body);
});
