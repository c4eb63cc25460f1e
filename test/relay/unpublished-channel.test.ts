import { fetchCallback, relayToken } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";

const relay = useRelay({ withRedis: false });

test("subscribing to a token nothing was published to answers 403 at once, without waiting", async () => {
  const token = relayToken();
  for (let attempt = 0; attempt < 3; attempt++) {
    const response = await fetchCallback(relay, token);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("");
  }
});
