import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * How the scripted server handles one request.
 *
 * - `reply`: answers with a status and a body (a string as is, anything else as JSON), after an
 *   optional delay.
 * - `stall`: reads the request and never answers.
 * - `destroy`: reads the request and destroys the socket without answering.
 * - `cut`: sends the status and the start of a body, then destroys the socket.
 */
export type ScriptStep =
  | {
      kind: "reply";
      status: number;
      body?: unknown;
      headers?: Record<string, string>;
      delayMs?: number;
      /** The answer waits for this first (a condition, where a delay would race). */
      after?: Promise<unknown>;
    }
  | { kind: "stall" }
  | { kind: "destroy" }
  | { kind: "cut"; status: number; partialBody: string };

/** A request the scripted server received, with its body read in full. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  form: URLSearchParams;
}

/** Steps are used in order; the last one repeats. A function gets the 0-based request index. */
export type Script = ScriptStep[] | ((index: number, request: RecordedRequest) => ScriptStep);

export interface ScriptedJodServer {
  /** The base URL to use as the client's endpoint, such as `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received so far, in order. */
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

/**
 * Answers with a body: a string is sent as is (as text/html unless `headers` say otherwise),
 * anything else as JSON.
 */
export function reply(
  status: number,
  body?: unknown,
  options: { delayMs?: number; headers?: Record<string, string>; after?: Promise<unknown> } = {},
): ScriptStep {
  return { kind: "reply", status, body, ...options };
}

/** Never answers. */
export function stall(): ScriptStep {
  return { kind: "stall" };
}

/** Drops the connection without answering. */
export function destroySocket(): ScriptStep {
  return { kind: "destroy" };
}

/** Sends the status and part of a body, then drops the connection. */
export function cutBody(status: number, partialBody: string): ScriptStep {
  return { kind: "cut", status, partialBody };
}

/**
 * Starts an HTTP server on 127.0.0.1 and a free port that answers each request as scripted.
 *
 * @example
 * ```ts
 * const server = await startScriptedJodServer([reply(503, { it: "failed" }), reply(200, worked)]);
 * try { ... } finally { await server.stop(); }
 * ```
 */
export async function startScriptedJodServer(script: Script): Promise<ScriptedJodServer> {
  const requests: RecordedRequest[] = [];
  const stepFor = (index: number, request: RecordedRequest): ScriptStep =>
    typeof script === "function"
      ? script(index, request)
      : script[Math.min(index, script.length - 1)];

  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const request: RecordedRequest = {
      method: incoming.method ?? "",
      url: incoming.url ?? "",
      headers: incoming.headers,
      body,
      form: new URLSearchParams(body),
    };
    const step = stepFor(requests.length, request);
    requests.push(request);

    switch (step.kind) {
      case "stall":
        return;
      case "destroy":
        incoming.socket.destroy();
        return;
      case "cut":
        outgoing.writeHead(step.status, { "Content-Type": "application/json" });
        outgoing.write(step.partialBody, () => incoming.socket.destroy());
        return;
      case "reply": {
        if (step.delayMs) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
        await step.after;
        const text = typeof step.body === "string" ? step.body : JSON.stringify(step.body ?? {});
        const contentType = typeof step.body === "string" ? "text/html" : "application/json";
        outgoing.writeHead(step.status, { "Content-Type": contentType, ...step.headers });
        outgoing.end(text);
      }
    }
  });

  const address = await listen(server);
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Returns the URL of a port on 127.0.0.1 that was free a moment ago and is closed now, so
 * connecting to it is refused.
 */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  const { port } = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server.address() as AddressInfo));
  });
}
