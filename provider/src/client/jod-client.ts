import nodeFetch from "node-fetch";
import { setTimeout as delay } from "node:timers/promises";
import { JodAbortedError, JodConnectionError, JodValidationError } from "../errors";
import type { ValidationFailure } from "../errors";
import type { Location } from "../locations";
import { createRedactor, MAX_RESPONSE_BYTES, parseDeployAnswer } from "../parse-jod";
import { validateApiKey, validateDeploymentRequest, validateEndpoint } from "../validation";
import { sendOnce } from "./send-once";

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

/** How to reach JOD and how patient to be; `fetch`, `random` and `sleep` are seams for tests. */
export interface JodClientOptions {
  /** The base URL of the JOD API. Default `https://api.jod.sh`. */
  endpoint?: string;
  fetch?: typeof nodeFetch;
  /** How long one attempt may take, from sending to the end of the answer. Default 30 000. */
  timeoutMs?: number;
  /** Extra attempts for failures that cannot have deployed anything. Default 3. */
  retries?: number;
  /** Exponential backoff with full jitter: the cap of the first delay doubles per retry. */
  backoff?: {
    baseMs?: number;
    maxMs?: number;
    /** A number in [0, 1); the delay is this fraction of the cap. */
    random?: () => number;
    /** Waits, and rejects early when the signal aborts. */
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  };
  logger?: JodLogger;
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

const SILENT: JodLogger = { debug: () => undefined, warn: () => undefined };

/** setTimeout fires at once for delays above this, which would turn a timeout into none. */
const MAX_TIMER_MS = 2_147_483_647;
const MAX_RETRIES = 20;

/**
 * The delay before retry number `retry` (1 for the first): a random fraction of
 * `min(maxMs, baseMs * 2^(retry - 1))`. Full jitter spreads out clients that failed together,
 * so they do not all come back at the same moment when JOD's outage ends.
 */
export function backoffDelayMs(
  retry: number,
  options: { baseMs: number; maxMs: number; random: () => number },
): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** (retry - 1));
  return Math.floor(options.random() * cap);
}

/** Waits `ms` milliseconds; rejects as soon as `signal` aborts. */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal });
}

/**
 * A client for JOD's `/deploy-recorder`. Only failures that cannot have deployed anything are
 * retried (HTTP 503, connections that could not be made); everything else throws at once.
 */
export function createJodClient(options: JodClientOptions = {}): JodClient {
  const failures = validateOptions(options);
  if (failures.length > 0) throw new JodValidationError(failures, "JOD client options");

  const endpoint = (options.endpoint ?? CLIENT_DEFAULTS.endpoint).replace(/\/+$/, "");
  const url = `${endpoint}/deploy-recorder`;
  const host = new URL(endpoint).host;
  const fetch = options.fetch ?? nodeFetch;
  const timeoutMs = options.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs;
  const maxAttempts = (options.retries ?? CLIENT_DEFAULTS.retries) + 1;
  const backoff = {
    baseMs: options.backoff?.baseMs ?? CLIENT_DEFAULTS.backoffBaseMs,
    maxMs: options.backoff?.maxMs ?? CLIENT_DEFAULTS.backoffMaxMs,
    random: options.backoff?.random ?? Math.random,
  };
  const sleep = options.backoff?.sleep ?? abortableSleep;
  const logger = options.logger ?? SILENT;

  async function deployRecorders(
    request: DeployRecordersRequest,
    signal?: AbortSignal,
  ): Promise<DeployRecordersResult> {
    const requestFailures = validateRequest(request);
    if (requestFailures.length > 0) throw new JodValidationError(requestFailures);

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
      if (signal?.aborted) {
        throw new JodAbortedError({ requestInFlight: false, cause: signal.reason });
      }
      logger.debug(redact(`POST ${url} (attempt ${attempt} of ${maxAttempts})`));
      const outcome = await sendOnce({
        fetch,
        url,
        host,
        body,
        timeoutMs,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        signal,
      });
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
      throw new JodConnectionError({
        host,
        reason: outcome.reason,
        attempts: attempt,
        cause: outcome.cause,
      });
    }
  }

  async function waitBeforeRetry(
    attempt: number,
    why: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const delayMs = backoffDelayMs(attempt, backoff);
    logger.warn(
      `${why}; nothing was deployed. Retrying in ${delayMs} ms ` +
        `(attempt ${attempt + 1} of ${maxAttempts}).`,
    );
    try {
      await sleep(delayMs, signal);
    } catch (error) {
      if (signal?.aborted) {
        throw new JodAbortedError({ requestInFlight: false, cause: signal.reason });
      }
      throw error;
    }
  }

  return { deployRecorders };
}

function validateRequest(request: DeployRecordersRequest): ValidationFailure[] {
  if (typeof request !== "object" || request === null) return validateDeploymentRequest(request);
  const apiKeyReason = validateApiKey(request.apiKey);
  const failures = validateDeploymentRequest(request);
  return apiKeyReason === undefined
    ? failures
    : [{ property: "apiKey", reason: apiKeyReason }, ...failures];
}

function validateOptions(options: JodClientOptions): ValidationFailure[] {
  const checks: Array<[string, string | undefined]> = [
    ["endpoint", options.endpoint === undefined ? undefined : validateEndpoint(options.endpoint)],
    ["timeoutMs", checkInteger(options.timeoutMs, 1, MAX_TIMER_MS)],
    ["retries", checkInteger(options.retries, 0, MAX_RETRIES)],
    ["backoff.baseMs", checkInteger(options.backoff?.baseMs, 0, MAX_TIMER_MS)],
    ["backoff.maxMs", checkInteger(options.backoff?.maxMs, 0, MAX_TIMER_MS)],
  ];
  return checks.flatMap(([property, reason]) =>
    reason === undefined ? [] : [{ property, reason }],
  );
}

/** Options are optional: `undefined` means "use the default". */
function checkInteger(value: unknown, min: number, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) {
    return undefined;
  }
  return `must be an integer from ${min} to ${max}, or left out for the default`;
}
