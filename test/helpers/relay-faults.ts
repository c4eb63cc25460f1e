import { once } from "node:events";
import net, { type AddressInfo } from "node:net";

/** A loopback TCP server that plays a misbehaving relay or sits in front of a real one. */
export interface FaultServer {
  /** Such as `http://127.0.0.1:41234` (no path). */
  origin: string;
  /** Request heads (request line and headers) received, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A bare HTTP server: `answer` gets each request's head and the socket, and writes whatever
 * raw bytes the test needs (headers only, part of a body, nothing at all).
 *
 * @example
 * ```ts
 * const server = await serveRaw((head, socket) => socket.end("HTTP/1.1 200 OK\r\n\r\n"));
 * ```
 */
export async function serveRaw(
  answer: (head: string, socket: net.Socket) => void,
): Promise<FaultServer> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      const end = received.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = received.slice(0, end);
      received = "";
      requests.push(head);
      answer(head, socket);
    });
  });
  return listen(server, requests, sockets);
}

/** A TCP proxy in front of a real relay that can cut answers short. */
export interface DroppingProxy extends FaultServer {
  /**
   * While true, a `200` answer to a subscription is cut off after its headers and the first
   * byte of its body: the connection is destroyed mid-body.
   */
  dropping: boolean;
}

/**
 * Forwards loopback connections to `targetPort`, byte for byte, except that while `dropping`
 * is set it destroys a connection in the middle of a `200` answer to `GET …/subscribe/…`.
 */
export async function startDroppingProxy(targetPort: number): Promise<DroppingProxy> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const proxy = { dropping: true } as DroppingProxy;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    let lastRequest = "";
    client.on("data", (chunk: Buffer) => {
      const text = chunk.toString("latin1");
      if (/^[A-Z]+ /.test(text)) {
        lastRequest = text.slice(0, text.indexOf("\r\n"));
        requests.push(text.slice(0, Math.max(0, text.indexOf("\r\n\r\n"))));
      }
      upstream.write(chunk);
    });
    let answer = Buffer.alloc(0);
    let cutOff = false;
    upstream.on("data", (chunk: Buffer) => {
      if (cutOff) return;
      const cut = proxy.dropping && /^GET \S*\/subscribe\//.test(lastRequest);
      if (!cut) return void client.write(chunk);
      answer = Buffer.concat([answer, chunk]);
      const end = answer.indexOf("\r\n\r\n");
      if (end < 0) return;
      if (!answer.toString("latin1", 0, 12).startsWith("HTTP/1.1 200")) {
        client.write(answer);
        answer = Buffer.alloc(0);
        return;
      }
      cutOff = true;
      client.write(answer.subarray(0, end + 5), () => {
        client.destroy();
        upstream.destroy();
      });
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  return Object.assign(proxy, await listen(server, requests, sockets));
}

async function listen(
  server: net.Server,
  requests: string[],
  sockets: Set<net.Socket>,
): Promise<FaultServer> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Rejects with a clear message when `promise` takes longer than `ms`: a hang fails the test. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
