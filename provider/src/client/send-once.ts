import type nodeFetch from "node-fetch";
import {
  JodAbortedError,
  JodConnectionLostError,
  JodInvalidResponseError,
  JodTimeoutError,
} from "../errors";
import type { JodAnswer } from "../parse-jod";

/** Failures that happen before a connection exists, so JOD cannot have seen the request. */
const CONNECT_FAILURE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * TLS verification fails during the handshake, before the request is written, but retrying
 * cannot fix a bad certificate.
 */
const TLS_FAILURE_CODES = new Set([
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** One HTTP request to JOD. */
export interface AttemptSettings {
  fetch: typeof nodeFetch;
  url: string;
  host: string;
  /** The form-encoded body; it holds the API key, so it never goes into an error. */
  body: string;
  timeoutMs: number;
  maxResponseBytes: number;
  signal?: AbortSignal;
}

/**
 * The result of one attempt that did not throw: JOD answered, or no connection could be made.
 */
export type AttemptOutcome =
  | { kind: "answered"; answer: JodAnswer }
  | { kind: "not-connected"; reason: string; retryable: boolean; cause: unknown };

/**
 * Sends the request once. Returns when JOD answered or the connection could not be made (nothing
 * sent); throws the matching `JodError` when the request may have reached JOD without an answer
 * (timeout, broken connection, caller abort), since those must not be retried.
 */
export async function sendOnce(settings: AttemptSettings): Promise<AttemptOutcome> {
  const { signal, host, timeoutMs } = settings;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const abortFromCaller = (): void => controller.abort();
  signal?.addEventListener("abort", abortFromCaller, { once: true });
  // Whatever interrupts the attempt, the timer and the caller's abort win over the symptom.
  const interruption = (cause: unknown): Error | undefined => {
    if (timedOut) return new JodTimeoutError({ timeoutMs, host, cause });
    if (signal?.aborted) {
      return new JodAbortedError({ requestInFlight: true, cause: signal.reason });
    }
    return undefined;
  };

  try {
    let response;
    try {
      response = await settings.fetch(settings.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/json",
        },
        body: settings.body,
        // Following a redirect would send the API key to wherever the redirect points.
        redirect: "manual",
        signal: controller.signal,
      });
    } catch (error) {
      const interrupted = interruption(error);
      if (interrupted) throw interrupted;
      const code = systemErrorCode(error);
      if (code && (CONNECT_FAILURE_CODES.has(code) || TLS_FAILURE_CODES.has(code))) {
        return {
          kind: "not-connected",
          reason: code,
          retryable: CONNECT_FAILURE_CODES.has(code),
          cause: error,
        };
      }
      throw new JodConnectionLostError({
        host,
        reason: code ?? "the request failed",
        cause: error,
      });
    }

    try {
      const { text, truncated } = await readBodyText(response.body, settings.maxResponseBytes);
      const answer = {
        status: response.status,
        location: response.headers.get("location"),
        text,
        truncated,
      };
      return { kind: "answered", answer };
    } catch (error) {
      throw (
        interruption(error) ??
        new JodInvalidResponseError({
          status: response.status,
          problem: "the connection broke while the body was being read",
          cause: error,
        })
      );
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", abortFromCaller);
  }
}

/** node-fetch puts the Node.js system error code (ECONNREFUSED, ...) on its FetchError. */
function systemErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/**
 * Reads at most `maxBytes` of a body as UTF-8 and stops there, so a huge or endless answer
 * cannot exhaust memory.
 */
async function readBodyText(
  body: AsyncIterable<Buffer | string>,
  maxBytes: number,
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    chunks.push(bytes);
    size += bytes.length;
    // Leaving the loop destroys the stream, which stops the download.
    if (size > maxBytes) {
      return {
        text: Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8"),
        truncated: true,
      };
    }
  }
  return { text: Buffer.concat(chunks).toString("utf8"), truncated: false };
}
