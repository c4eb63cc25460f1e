import { bearer, relayToken } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";

const relay = useRelay({ withRedis: false });

test.each([
  "",
  "/",
  "/callback",
  "/callback/",
  "/subscribe/",
  "/journal",
  "/ping/",
  "/status",
  "/x/y",
])("{base}%s is 404, with or without the secret", async (suffix) => {
  const url = `${relay.baseUrl}${suffix}`;
  const anonymous = await fetch(url);
  const withSecret = await fetch(url, { headers: bearer(relay) });
  const posted = await fetch(url, { method: "POST", body: relayToken() });
  expect([anonymous.status, withSecret.status, posted.status]).toEqual([404, 404, 404]);
});
