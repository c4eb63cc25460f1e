import type net from "node:net";
import { RelayClient } from "../../../provider/src/relay";
import { serveRaw, within, type FaultServer } from "../../helpers/relay-faults";

const SECRET = "ab".repeat(32);
const TOKEN = "cd".repeat(32);

let server: FaultServer;
let stalled: Promise<net.Socket>;
beforeAll(async () => {
  let headersSent: (socket: net.Socket) => void = () => undefined;
  stalled = new Promise((resolve) => (headersSent = resolve));
  // The relay starts its answer (headers and part of the body), then stalls.
  server = await serveRaw((_head, socket) => {
    socket.write(
      'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"it"',
      () => headersSent(socket),
    );
  });
});
afterAll(() => server.close());

test("aborting a long-poll after its answer started settles it and closes the connection", async () => {
  const client = new RelayClient({ baseUrl: `${server.origin}/jod-relay`, secret: SECRET });
  const stop = new AbortController();
  const fetching = client.next(TOKEN, {}, stop.signal);
  const socket = await stalled;
  // Give the client time to read the headers, so the abort comes mid-body.
  await new Promise((resolve) => setTimeout(resolve, 200));

  stop.abort();
  await expect(within(fetching, 1_000, "the aborted long-poll")).resolves.toBeUndefined();
  if (!socket.destroyed)
    await within(
      new Promise((resolve) => socket.on("close", resolve)),
      1_000,
      "closing the connection",
    );
  expect(server.requests[0]).toMatch(new RegExp(`^GET /jod-relay/subscribe/${TOKEN} `));
});
