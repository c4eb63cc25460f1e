import net from "node:net";
import type { CallbackLease } from "../../../provider/src/callbacks/callback-channel";
import { CallbackListener } from "../../../provider/src/callbacks/callback-listener";
import { newCallbackNonce } from "../../../provider/src/callbacks/callback-registry";
import { portOf, releaseAll } from "../../helpers/unit-listener";

/** The listener's cap on connections open at once (MAX_CONNECTIONS in callback-listener.ts). */
const CAP = 256;

/** A connection that sends nothing; resolves `closed` when the server closes it. */
function idleConnection(port: number): Promise<{ socket: net.Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const closed = new Promise<void>((done) => socket.on("close", () => done()));
    socket.on("error", () => undefined);
    socket.once("connect", () => resolve({ socket, closed }));
    socket.once("error", reject);
  });
}

describe("the callback listener's connection cap", () => {
  const leases: CallbackLease[] = [];
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    sockets.splice(0).forEach((socket) => socket.destroy());
    await releaseAll(leases);
  });

  it(`holds ${CAP} connections at once and closes the next one on arrival`, async () => {
    const listener = new CallbackListener({
      tokenKey: () => "test-token-key",
      listen: { host: "127.0.0.1", port: 0 },
    });
    const lease = await listener.open(newCallbackNonce());
    leases.push(lease);
    const port = portOf(lease.callbackUrl);
    const held = [];
    for (let i = 0; i < CAP; i++) held.push(await idleConnection(port));
    sockets.push(...held.map(({ socket }) => socket));
    const over = await idleConnection(port);
    sockets.push(over.socket);
    // The server drops the connection past the cap at once, well before the 5 s headers
    // timeout that would close any idle connection.
    const first = await Promise.race([
      over.closed.then(() => "closed"),
      new Promise((resolve) => setTimeout(resolve, 2_500, "still open")),
    ]);
    expect(first).toBe("closed");
    const stillOpen = held.filter(
      ({ socket }) => !socket.destroyed && socket.readyState === "open",
    );
    expect(stillOpen).toHaveLength(CAP);
  });
});
