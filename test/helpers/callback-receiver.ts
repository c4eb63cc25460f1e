import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One callback POST as the receiver got it. */
export interface ReceivedCallback {
  /** The body parsed as JSON, or `undefined` if it was not valid JSON. */
  body: unknown;
  rawBody: string;
  contentType: string | undefined;
  method: string;
  path: string;
}

/**
 * A small HTTP server standing in for a client's `callback_url`: it records every POST and
 * lets a test await them in order.
 *
 * @example
 * ```ts
 * const receiver = new CallbackReceiver();
 * await receiver.start();
 * // ... deploy with callback_url: receiver.url
 * const callback = await receiver.nextCallback();
 * await receiver.stop();
 * ```
 */
export class CallbackReceiver {
  /** Every callback received, oldest first. */
  readonly received: ReceivedCallback[] = [];
  private consumed = 0;
  private waiter: (() => void) | undefined;
  private server: Server | undefined;
  private baseUrl: string | undefined;

  /** @param answerStatus the HTTP status the receiver answers callbacks with */
  constructor(private readonly answerStatus = 200) {}

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      readBody(req).then(
        (rawBody) => {
          this.received.push({
            body: parseJson(rawBody),
            rawBody,
            contentType: req.headers["content-type"],
            method: req.method ?? "",
            path: req.url ?? "",
          });
          res.writeHead(this.answerStatus).end();
          this.waiter?.();
        },
        () => res.destroy(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** The URL to give as `callback_url`. */
  get url(): string {
    if (!this.baseUrl) throw new Error("CallbackReceiver not started");
    return `${this.baseUrl}/callback`;
  }

  /** The next callback not yet returned by this method, waiting up to `timeoutMs` for it. */
  async nextCallback(timeoutMs = 5000): Promise<ReceivedCallback> {
    const deadline = Date.now() + timeoutMs;
    while (this.consumed >= this.received.length) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no callback received within ${timeoutMs} ms`);
      await this.waitForArrival(remaining);
    }
    return this.received[this.consumed++];
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private waitForArrival(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiter = done;
    });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
