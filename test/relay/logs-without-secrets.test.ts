import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  bearer,
  fetchCallback,
  publishCallback,
  relayToken,
  openChannel,
} from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";
import { waitUntil } from "../helpers/reliability-processes";

const relay = useRelay({ withRedis: false });

test("nginx's logs name the endpoints but never a token or the secret", async () => {
  const token = relayToken();
  const key = relayToken();
  await openChannel(relay, token);
  await publishCallback(relay, token, "{}");
  await publishCallback(relay, token, "x".repeat(70_000)); // 413: nginx logs these at error level
  await fetch(`${relay.baseUrl}/callback/${token}`, { method: "DELETE" }); // 403 by rule
  await fetchCallback(relay, token);
  await fetch(`${relay.baseUrl}/subscribe/${token}`, {
    headers: { Authorization: `Bearer ${relayToken()}` },
  });
  await fetch(`${relay.baseUrl}/journal/${key}`, {
    method: "POST",
    headers: bearer(relay),
    body: "{}",
  });
  await fetch(`${relay.baseUrl}/journal/${key}`, { headers: bearer(relay) });

  const readLogs = () =>
    readdirSync(relay.logDir)
      .filter((name) => name.endsWith(".log"))
      .map((name) => readFileSync(path.join(relay.logDir, name), "utf8"))
      .join("\n");
  // nginx writes a request's log line after its answer went out: wait for the last one.
  await waitUntil(() => readLogs().includes('"GET /jod-relay/journal"'), "the last log line");
  const logs = readLogs();
  expect(logs).toContain('"POST /jod-relay/callback" 202');
  expect(logs).toContain('"DELETE /jod-relay/callback" 403');
  expect(logs).toContain('"GET /jod-relay/journal" 200');
  for (const secretValue of [token, key, relay.secret]) {
    expect(logs).not.toContain(secretValue);
  }
});
