import nodeFetch from "node-fetch";
import { setTimeout as delay } from "node:timers/promises";
import { JodRequestError } from "../errors";
import type { Location } from "../locations";
import {
  callbackUrlToken,
  createRedactor,
  isJodOutage,
  MAX_RESPONSE_BYTES,
  parseDeployAnswer,
  type AcceptedDeployment,
  type JodAnswer,
} from "../parse-jod";

/**
 * What to deploy, and the API key to pay with (sent only in the body, never logged). Not
 * validated again: the provider's `check` has refused bad inputs before any create.
 */
export interface DeployRecordersRequest {
  apiKey: string;
  domain: string;
  recorders: number;
  duration: number;
  location: Location;
  /** Where JOD posts the outcome of the deployment. */
  callbackUrl: string;
}

/**
 * JOD accepted the deployment; `attempts` is how many HTTP requests it took (more than 1 after
 * retried planned-outage 503s or refused connections).
 */
export type DeployRecordersResult = AcceptedDeployment & { attempts: number };

/** How to reach JOD and how patient to be. The provider passes values it checked itself. */
export interface JodClientOptions {
  /** The base URL of the JOD API. Default `https://api.jod.sh`. */
  endpoint?: string;
  /** How long one attempt may take, from sending to the end of the answer. Default 30 000. */
  timeoutMs?: number;
  /** Extra attempts for failures that cannot have deployed anything. Default 3. */
  retries?: number;
  /** Told about retries and ignored oddities; never the API key. */
  warn?: (message: string) => void;
}

/** What the client does to the outside world, so that tests can stand in for it. */
export interface ClientIo {
  fetch: typeof nodeFetch;
  /** A number in [0, 1), for the jitter of the waits between retries. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface JodClient {
  /** Throws a `JodError`; its `mayHaveDeployed` says whether JOD may have charged anyway. */
  deployRecorders(request: DeployRecordersRequest): Promise<DeployRecordersResult>;
}

export const CLIENT_DEFAULTS = {
  endpoint: "https://api.jod.sh",
  timeoutMs: 30_000,
  retries: 3,
  backoffBaseMs: 500,
  backoffMaxMs: 10_000,
} as const;

export const REAL_IO: ClientIo = { fetch: nodeFetch, random: Math.random, sleep: delay };

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

/** One attempt that did not throw: an HTTP answer, or no connection could be made. */
export type AttemptOutcome =
  | { kind: "answered"; answer: JodAnswer }
  /** `reason` is the system error code, one of the connect or TLS failure codes. */
  | { kind: "not-connected"; reason: string; cause?: unknown };

/**
 * Whether an attempt may be sent again. This decides what can be bought twice, so only what
 * cannot have deployed anything is retried: JOD's own planned-outage 503 (see `isJodOutage`),
 * and a connection that was never made. Any other answer, a 503 from a proxy that may have
 * passed the request on included, and a bad certificate (retrying cannot fix it) are not.
 */
export function isRetryable(outcome: AttemptOutcome): boolean {
  return outcome.kind === "answered"
    ? isJodOutage(outcome.answer)
    : CONNECT_FAILURE_CODES.has(outcome.reason);
}

/**
 * A client for JOD's `/deploy-recorder`. Only failures that cannot have deployed anything are
 * retried (see {@link isRetryable}); everything else throws at once.
 */
export function createJodClient(options: JodClientOptions = {}, io: ClientIo = REAL_IO): JodClient {
  const endpoint = (options.endpoint ?? CLIENT_DEFAULTS.endpoint).replace(/\/+$/, "");
  const url = `${endpoint}/deploy-recorder`;
  const host = new URL(endpoint).host;
  const timeoutMs = options.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs;
  const maxAttempts = (options.retries ?? CLIENT_DEFAULTS.retries) + 1;
  const warn = options.warn ?? (() => undefined);

  async function deployRecorders(request: DeployRecordersRequest): Promise<DeployRecordersResult> {
    // The callback token is a credential too, and JOD's messages may quote the callback URL
    // (a URL without a token gives "", which the redactor ignores).
    const redact = createRedactor(request.apiKey, callbackUrlToken(request.callbackUrl) ?? "");
    const body = new URLSearchParams({
      apiKey: request.apiKey,
      domain: request.domain,
      recorders: String(request.recorders),
      duration: String(request.duration),
      location: request.location,
      callback_url: request.callbackUrl,
    }).toString();

    for (let attempt = 1; ; attempt += 1) {
      const outcome = await sendOnce(body);
      if (attempt < maxAttempts && isRetryable(outcome)) {
        const delayMs = backoffDelayMs(attempt, io.random);
        const why =
          outcome.kind === "answered"
            ? "JOD is unavailable (HTTP 503)"
            : `Could not connect to JOD at ${host} (${outcome.reason})`;
        warn(
          `${why}; nothing was deployed. Retrying in ${delayMs} ms ` +
            `(attempt ${attempt + 1} of ${maxAttempts}).`,
        );
        await io.sleep(delayMs);
      } else if (outcome.kind === "not-connected") {
        const { reason, cause } = outcome;
        throw new JodRequestError("CONNECTION_FAILED", { host, reason, attempts: attempt, cause });
      } else {
        const accepted = parseDeployAnswer(outcome.answer, {
          domain: request.domain,
          attempts: attempt,
          redact,
          warn: (message) => warn(redact(message)),
        });
        return { ...accepted, attempts: attempt };
      }
    }
  }

  /**
   * Sends the request once. Returns when JOD answered or the connection could not be made
   * (nothing sent); throws when the request may have reached JOD without an answer (timeout,
   * broken connection), since those must not be retried.
   */
  async function sendOnce(body: string): Promise<AttemptOutcome> {
    // One deadline for the whole attempt, body included; its timer does not keep the process up.
    const deadline = AbortSignal.timeout(timeoutMs);
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
        signal: deadline,
      });
      const answer: JodAnswer = {
        status: response.status,
        location: response.headers.get("location"),
        retryAfter: response.headers.get("retry-after"),
        ...(await readBodyText(response.body, MAX_RESPONSE_BYTES)),
      };
      return { kind: "answered", answer };
    } catch (cause) {
      // When the deadline cut the attempt short, the timeout is the failure, not its symptom.
      if (deadline.aborted) throw new JodRequestError("TIMEOUT", { timeoutMs, host, cause });
      if (response) {
        const problem = "the connection broke while the body was being read";
        throw new JodRequestError("INVALID_RESPONSE", { status: response.status, problem, cause });
      }
      const code = systemErrorCode(cause);
      if (code && (CONNECT_FAILURE_CODES.has(code) || TLS_FAILURE_CODES.has(code))) {
        return { kind: "not-connected", reason: code, cause };
      }
      const reason = code ?? "the request failed";
      throw new JodRequestError("CONNECTION_LOST", { host, reason, cause });
    }
  }

  return { deployRecorders };
}

/** node-fetch puts the Node.js system error code (ECONNREFUSED, ...) on its FetchError. */
function systemErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" ? code : undefined;
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
