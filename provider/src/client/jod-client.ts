import nodeFetch from "node-fetch";
import { setTimeout as delay } from "node:timers/promises";
import { JodRequestError, JodValidationError } from "../errors";
import type { Location } from "../locations";
import {
  createRedactor,
  MAX_RESPONSE_BYTES,
  parseDeployAnswer,
  type JodAnswer,
} from "../parse-jod";
import { validateApiKey, validateDeploymentRequest } from "../validation";

/** What to deploy, and the API key to pay with (sent only in the body, never logged). */
export interface DeployRecordersRequest {
  apiKey: string;
  domain: string;
  recorders: number;
  duration: number;
  location: Location;
  /** Where JOD posts the outcome of the deployment. */
  callbackUrl: string;
}

/** JOD accepted the deployment. */
export interface DeployRecordersResult {
  /** JOD's id for the deployment, as a string even if JOD sent a number. */
  deploymentId: string;
  /** The account balance after the deployment, when JOD sent a usable one. */
  balance?: number;
  /** JOD's message, tidied and scrubbed of the API key; empty if JOD sent none. */
  message: string;
  /** How many HTTP requests it took (more than 1 after retried 503s or refused connections). */
  attempts: number;
}

/** Where the client reports progress. Messages never contain the API key. */
export interface JodLogger {
  debug(message: string): void;
  warn(message: string): void;
}

/** How to reach JOD and how patient to be. The provider passes values it checked itself. */
export interface JodClientOptions {
  /** The base URL of the JOD API. Default `https://api.jod.sh`. */
  endpoint?: string;
  /** How long one attempt may take, from sending to the end of the answer. Default 30 000. */
  timeoutMs?: number;
  /** Extra attempts for failures that cannot have deployed anything. Default 3. */
  retries?: number;
  logger?: JodLogger;
}

/** What the client does to the outside world, so that tests can stand in for it. */
export interface ClientIo {
  fetch: typeof nodeFetch;
  /** A number in [0, 1), for the jitter of the waits between retries. */
  random: () => number;
  /** Waits, and rejects early when the signal aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface JodClient {
  /** Throws a `JodError`; its `mayHaveDeployed` says whether JOD may have charged anyway. */
  deployRecorders(
    request: DeployRecordersRequest,
    signal?: AbortSignal,
  ): Promise<DeployRecordersResult>;
}

export const CLIENT_DEFAULTS = {
  endpoint: "https://api.jod.sh",
  timeoutMs: 30_000,
  retries: 3,
  backoffBaseMs: 500,
  backoffMaxMs: 10_000,
} as const;

/** Waits `ms` milliseconds; rejects as soon as `signal` aborts. */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal });
}

const REAL_IO: ClientIo = { fetch: nodeFetch, random: Math.random, sleep: abortableSleep };

/**
 * The delay before retry number `retry` (1 for the first): a random fraction of
 * `min(maxMs, baseMs * 2^(retry - 1))`. Full jitter spreads out clients that failed together,
 * so they do not all come back at the same moment when JOD's outage ends.
 */
export function backoffDelayMs(retry: number, random: () => number): number {
  const cap = Math.min(
    CLIENT_DEFAULTS.backoffMaxMs,
    CLIENT_DEFAULTS.backoffBaseMs * 2 ** (retry - 1),
  );
  return Math.floor(random() * cap);
}

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

/** One attempt that did not throw: JOD answered, or no connection could be made. */
type AttemptOutcome =
  | { kind: "answered"; answer: JodAnswer }
  | { kind: "not-connected"; reason: string; retryable: boolean; cause: unknown };

/**
 * A client for JOD's `/deploy-recorder`. Only failures that cannot have deployed anything are
 * retried (HTTP 503, connections that could not be made); everything else throws at once.
 */
export function createJodClient(options: JodClientOptions = {}, io: ClientIo = REAL_IO): JodClient {
  const endpoint = (options.endpoint ?? CLIENT_DEFAULTS.endpoint).replace(/\/+$/, "");
  const url = `${endpoint}/deploy-recorder`;
  const host = new URL(endpoint).host;
  const timeoutMs = options.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs;
  const maxAttempts = (options.retries ?? CLIENT_DEFAULTS.retries) + 1;
  const logger = options.logger ?? { debug: () => undefined, warn: () => undefined };
  const aborted = (signal?: AbortSignal) =>
    new JodRequestError("ABORTED", { requestInFlight: false, cause: signal?.reason });

  async function deployRecorders(
    request: DeployRecordersRequest,
    signal?: AbortSignal,
  ): Promise<DeployRecordersResult> {
    const failures = validateDeploymentRequest(request);
    const apiKeyReason =
      failures[0]?.property === "request" ? undefined : validateApiKey(request.apiKey);
    if (apiKeyReason) failures.unshift({ property: "apiKey", reason: apiKeyReason });
    if (failures.length > 0) throw new JodValidationError(failures);

    const redact = createRedactor(request.apiKey);
    const body = new URLSearchParams({
      apiKey: request.apiKey,
      domain: request.domain,
      recorders: String(request.recorders),
      duration: String(request.duration),
      location: request.location,
      callback_url: request.callbackUrl,
    }).toString();

    for (let attempt = 1; ; attempt += 1) {
      if (signal?.aborted) throw aborted(signal);
      logger.debug(redact(`POST ${url} (attempt ${attempt} of ${maxAttempts})`));
      const outcome = await sendOnce(body, signal);
      const mayRetry = attempt < maxAttempts;

      if (outcome.kind === "answered") {
        logger.debug(`JOD answered HTTP ${outcome.answer.status} (attempt ${attempt})`);
        if (outcome.answer.status === 503 && mayRetry) {
          await waitBeforeRetry(attempt, "JOD is unavailable (HTTP 503)", signal);
          continue;
        }
        const accepted = parseDeployAnswer(outcome.answer, {
          domain: request.domain,
          attempts: attempt,
          redact,
          warn: (message) => logger.warn(redact(message)),
        });
        return { ...accepted, attempts: attempt };
      }

      if (outcome.retryable && mayRetry) {
        const why = `Could not connect to JOD at ${host} (${outcome.reason})`;
        await waitBeforeRetry(attempt, why, signal);
        continue;
      }
      const { reason, cause } = outcome;
      throw new JodRequestError("CONNECTION_FAILED", { host, reason, attempts: attempt, cause });
    }
  }

  async function waitBeforeRetry(attempt: number, why: string, signal?: AbortSignal) {
    const delayMs = backoffDelayMs(attempt, io.random);
    logger.warn(
      `${why}; nothing was deployed. Retrying in ${delayMs} ms ` +
        `(attempt ${attempt + 1} of ${maxAttempts}).`,
    );
    try {
      await io.sleep(delayMs, signal);
    } catch (error) {
      throw signal?.aborted ? aborted(signal) : error;
    }
  }

  /**
   * Sends the request once. Returns when JOD answered or the connection could not be made
   * (nothing sent); throws when the request may have reached JOD without an answer (timeout,
   * broken connection, caller abort), since those must not be retried.
   */
  async function sendOnce(body: string, signal?: AbortSignal): Promise<AttemptOutcome> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const abortFromCaller = (): void => controller.abort();
    signal?.addEventListener("abort", abortFromCaller, { once: true });
    // Whatever interrupts the attempt, the timer and the caller's abort win over the symptom.
    const interruption = (cause: unknown): JodRequestError | undefined => {
      if (timedOut) return new JodRequestError("TIMEOUT", { timeoutMs, host, cause });
      if (signal?.aborted) {
        return new JodRequestError("ABORTED", { requestInFlight: true, cause: signal.reason });
      }
      return undefined;
    };

    try {
      let response;
      try {
        response = await io.fetch(url, {
          method: "POST",
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Accept: "application/json",
          },
          body,
          // Following a redirect would send the API key to wherever the redirect points.
          redirect: "manual",
          signal: controller.signal,
        });
      } catch (error) {
        const interrupted = interruption(error);
        if (interrupted) throw interrupted;
        const code = systemErrorCode(error);
        if (code && (CONNECT_FAILURE_CODES.has(code) || TLS_FAILURE_CODES.has(code))) {
          const retryable = CONNECT_FAILURE_CODES.has(code);
          return { kind: "not-connected", reason: code, retryable, cause: error };
        }
        const reason = code ?? "the request failed";
        throw new JodRequestError("CONNECTION_LOST", { host, reason, cause: error });
      }

      try {
        const { text, truncated } = await readBodyText(response.body, MAX_RESPONSE_BYTES);
        const location = response.headers.get("location");
        return { kind: "answered", answer: { status: response.status, location, text, truncated } };
      } catch (error) {
        throw (
          interruption(error) ??
          new JodRequestError("INVALID_RESPONSE", {
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

  return { deployRecorders };
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
    if (size > maxBytes) break;
  }
  const text = Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8");
  return { text, truncated: size > maxBytes };
}
