import { bearer, relayToken } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";

const relay = useRelay({ withRedis: false });

test("ping answers the relay's identity to the secret holder and 401 to anyone else", async () => {
  const answer = await fetch(`${relay.baseUrl}/ping`, { headers: bearer(relay) });
  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-type")).toBe("application/json");
  expect(await answer.json()).toEqual({ relay: "pulumi-jod", protocol: 2, store: "memory" });

  const anonymous = await fetch(`${relay.baseUrl}/ping`);
  const wrong = await fetch(`${relay.baseUrl}/ping`, {
    headers: { Authorization: `Bearer ${relayToken()}` },
  });
  expect([anonymous.status, wrong.status]).toEqual([401, 401]);
});
