import { fetchCallback, relayToken, startRelay, type RelayProcess } from "../helpers/relay-process";

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay();
});
afterAll(() => relay?.stop());

test("subscribing to a token nothing was published to answers 403 at once, without waiting", async () => {
  const token = relayToken();
  for (let attempt = 0; attempt < 3; attempt++) {
    const response = await fetchCallback(relay, token);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("");
  }
});
