import http from "node:http";
import https from "node:https";

// The one way the provider sends a request to the callback relay (the long-poll, the ping,
// opening a channel, the journal). node:http rather than node-fetch: node-fetch 2 never
// settles a body that a dropped connection cut short when the answer had a Content-Length.

/** What the relay answered, body read in full. */
export interface RelayAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request to the relay. */
export interface RelayRequest {
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  /** Bounds the whole request: connecting, the answer's headers and its body. */
  timeoutMs: number;
  /** The largest body accepted in the answer, in bytes. */
  maxBytes: number;
  /** Ends the request at once; it then resolves with `"aborted"`. */
  signal?: AbortSignal;
  agent?: http.Agent;
}

/**
 * Why a request got no complete answer. The message is what the relay did, to follow "the
 * relay at <base URL>" (such as "could not be reached (ECONNREFUSED)"); it names neither the
 * URL nor a header, so no token or secret.
 */
export class RelayHttpError extends Error {
  constructor(
    readonly reason: "unreachable" | "timeout" | "too-large" | "redirect",
    message: string,
  ) {
    super(message);
    this.name = "RelayHttpError";
  }
}

/**
 * Sends one request and settles exactly once: with the answer, with `"aborted"` when `signal`
 * aborts (before or during the answer), or with a {@link RelayHttpError} when the connection
 * fails or drops mid-answer, the time runs out, the body passes `maxBytes`, or the relay
 * redirects. Redirects are never followed: the Authorization header would go along.
 */
export function relayRequest(
  url: URL,
  request: RelayRequest & { signal?: undefined },
): Promise<RelayAnswer>;
export function relayRequest(url: URL, request: RelayRequest): Promise<RelayAnswer | "aborted">;
export function relayRequest(url: URL, request: RelayRequest): Promise<RelayAnswer | "aborted"> {
  const { method, headers, body, timeoutMs, maxBytes, signal, agent } = request;
  if (signal?.aborted) return Promise.resolve("aborted");
  return new Promise((resolve, reject) => {
    const send = url.protocol === "https:" ? https.request : http.request;
    const outgoing = send(url, { method, headers, agent });
    let settled = false;
    const settle = (outcome: RelayAnswer | "aborted" | RelayHttpError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      // A failure or an abort leaves a half-read answer on the socket: it cannot be reused.
      if (outcome === "aborted" || outcome instanceof RelayHttpError) outgoing.destroy();
      if (outcome instanceof RelayHttpError) reject(outcome);
      else resolve(outcome);
    };
    const fail = (reason: RelayHttpError["reason"], message: string) =>
      settle(new RelayHttpError(reason, message));
    const onAbort = () => settle("aborted");
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(
      () => fail("timeout", `sent no complete answer within ${timeoutMs} ms`),
      timeoutMs,
    );

    // Also fires after a settle (destroying the request raises "socket hang up"): ignored then.
    outgoing.on("error", (error: NodeJS.ErrnoException) =>
      fail("unreachable", `could not be reached (${error.code ?? error.message})`),
    );
    outgoing.on("response", (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        return fail("redirect", `answered with a redirect (HTTP ${status}), which is not followed`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail("too-large", `answered with more than ${maxBytes} bytes`);
        else chunks.push(chunk);
      });
      response.on("end", () =>
        settle({ status, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
      // A connection lost mid-answer: "error" (ECONNRESET, "aborted") and "close" without "end".
      const dropped = () => fail("unreachable", "dropped the connection mid-answer");
      response.on("error", dropped);
      response.on("close", dropped);
    });
    outgoing.end(body);
  });
}

/**
 * `{base}{path}` as one URL. `path` starts with "/"; the base's trailing slashes are dropped
 * first, so `http://host:8080` and `http://host:8080/` both give `http://host:8080/ping`.
 */
export function relayUrl(baseUrl: string, path: string): URL {
  return new URL(`${baseUrl.replace(/\/+$/, "")}${path}`);
}

/** The relay serves under a path prefix (`/jod-relay`): a base URL without one cannot be it. */
export function hasRelayPath(url: URL): boolean {
  return url.pathname.replace(/\/+$/, "") !== "";
}
