import nodeFetch from "node-fetch";
import {
  JodAbortedError,
  JodConnectionError,
  JodValidationError,
  type ValidationFailure,
} from "../errors";
import { validateApiKey, validateDeploymentRequest, validateEndpoint } from "../validation";
import { abortableSleep, backoffDelayMs } from "./backoff";
import { CLIENT_DEFAULTS } from "./defaults";
import { interpretAnswer } from "./interpret-response";
import { createRedactor } from "./redact";
import { sendOnce } from "./send-once";
import type {
  DeployRecordersRequest,
  DeployRecordersResult,
  JodClient,
  JodClientOptions,
  JodLogger,
} from "./types";

const SILENT: JodLogger = { debug: () => undefined, warn: () => undefined };

/** setTimeout fires at once for delays above this, which would turn a timeout into none. */
const MAX_TIMER_MS = 2_147_483_647;
const MAX_RETRIES = 20;

/**
 * Creates a client for the JOD developer API.
 *
 * Only failures that cannot have deployed anything are retried (HTTP 503, and connections that
 * could not be made), with exponential backoff and full jitter. Everything else throws a
 * `JodError` at once; when its `mayHaveDeployed` is true, JOD may have charged for a deployment.
 *
 * @throws JodValidationError when an option is invalid.
 * @example
 * ```ts
 * const client = createJodClient({ logger: { debug: () => {}, warn: console.warn } });
 * const { deploymentId } = await client.deployRecorders({
 *   apiKey, domain: "meet.example.com", recorders: 2, duration: 3, location: "lon",
 *   callbackUrl: "https://example.com/jod-callback",
 * });
 * ```
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
        maxResponseBytes: CLIENT_DEFAULTS.maxResponseBytes,
        signal,
      });
      const mayRetry = attempt < maxAttempts;

      if (outcome.kind === "answered") {
        logger.debug(`JOD answered HTTP ${outcome.answer.status} (attempt ${attempt})`);
        if (outcome.answer.status === 503 && mayRetry) {
          await waitBeforeRetry(attempt, "JOD is unavailable (HTTP 503)", signal);
          continue;
        }
        const accepted = interpretAnswer(outcome.answer, {
          domain: request.domain,
          attempts: attempt,
          redact,
          warn: (message) => logger.warn(redact(message)),
        });
        return { ...accepted, attempts: attempt };
      }

      if (outcome.retryable && mayRetry) {
        await waitBeforeRetry(
          attempt,
          `Could not connect to JOD at ${host} (${outcome.reason})`,
          signal,
        );
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
