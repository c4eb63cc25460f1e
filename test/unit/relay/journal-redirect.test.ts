import { RelayDeploymentJournal } from "../../../provider/src/journal/relay-journal";
import { RelayClient } from "../../../provider/src/relay";
import { serveRaw, type FaultServer } from "../../helpers/relay-faults";
import { SAMPLE_SECRET, sampleEntry } from "../../helpers/unit-journal";

let target: FaultServer;
let redirecting: FaultServer;
beforeAll(async () => {
  // Where the redirects point: it must never see a request (it would get the secret).
  target = await serveRaw((_head, socket) => socket.end("HTTP/1.1 200 OK\r\n\r\n"));
  redirecting = await serveRaw((head, socket) => {
    const status = head.startsWith("POST") ? "307 Temporary Redirect" : "301 Moved Permanently";
    const path = head.split(" ")[1];
    socket.end(
      `HTTP/1.1 ${status}\r\nLocation: ${target.origin}${path}\r\nContent-Length: 0\r\n\r\n`,
    );
  });
});
afterAll(async () => {
  await redirecting.close();
  await target.close();
});

test("the relay journal and client refuse a redirect, name jod:callbackRelay and do not follow it", async () => {
  const baseUrl = `${redirecting.origin}/jod-relay`;
  const journal = new RelayDeploymentJournal({ baseUrl, secret: SAMPLE_SECRET });
  for (const attempt of [journal.read("proj/ci/rec"), journal.write(sampleEntry("proj/ci/rec"))]) {
    await expect(attempt).rejects.toMatchObject({
      code: "RELAY_REFUSED",
      message: expect.stringMatching(/redirect \(HTTP 30[17]\).*jod:callbackRelay/),
    });
  }
  const client = new RelayClient({ baseUrl, secret: SAMPLE_SECRET });
  await expect(client.ping()).rejects.toMatchObject({
    code: "RELAY_FAILED",
    message: expect.stringMatching(/redirect \(HTTP 301\).*jod:callbackRelay/),
  });

  expect(redirecting.requests).toHaveLength(3);
  expect(target.requests).toEqual([]);
});
