import { bearer, relayToken } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";

const relay = useRelay({ withRedis: false });

const token = relayToken();
const badTokens = {
  "upper case": token.toUpperCase(),
  "63 characters": token.slice(1),
  "65 characters": `${token}0`,
  "not hex": `${token.slice(1)}g`,
  "trailing slash": `${token}/`,
};

test.each(Object.entries(badTokens))(
  "a token that is %s is 404 on every endpoint",
  async (_, bad) => {
    const callback = await fetch(`${relay.baseUrl}/callback/${bad}`, {
      method: "POST",
      body: "{}",
    });
    const subscribe = await fetch(`${relay.baseUrl}/subscribe/${bad}`, { headers: bearer(relay) });
    const journal = await fetch(`${relay.baseUrl}/journal/${bad}`, { headers: bearer(relay) });
    expect([callback.status, subscribe.status, journal.status]).toEqual([404, 404, 404]);
  },
);
