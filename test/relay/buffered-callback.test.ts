import {
  fetchCallback,
  publishCallback,
  relayToken,
  startRelay,
  type RelayProcess,
} from "../helpers/relay-process";

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay();
});
afterAll(() => relay?.stop());

test("a callback published before anyone subscribes reaches a later subscriber with its Content-Type", async () => {
  const token = relayToken();
  const body = JSON.stringify({ status: "deployed", id: "d-1" });

  const published = await publishCallback(relay, token, body, "application/json; charset=utf-8");
  expect(published.status).toBe(202);

  const delivered = await fetchCallback(relay, token);
  expect(delivered.status).toBe(200);
  expect(delivered.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(await delivered.text()).toBe(body);
});
