import type nodeFetch from "node-fetch";
import type { Location } from "../locations";

/**
 * What to deploy, and the API key to pay with.
 *
 * @example
 * ```ts
 * const request: DeployRecordersRequest = {
 *   apiKey: process.env.JOD_API_KEY ?? "",
 *   domain: "meet.example.com",
 *   recorders: 2,
 *   duration: 3,
 *   location: "lon",
 *   callbackUrl: "https://example.com/jod-callback",
 * };
 * ```
 */
export interface DeployRecordersRequest {
  /** The account's API key; sent only in the request body, never logged or put in errors. */
  apiKey: string;
  /** The Jitsi domain configured in JOD, such as `meet.example.com`. */
  domain: string;
  /** How many recorders to deploy. */
  recorders: number;
  /** How long the recorders stay available, in hours. */
  duration: number;
  /** Where to deploy them. */
  location: Location;
  /** Where JOD posts the outcome of the deployment. */
  callbackUrl: string;
}

/**
 * JOD accepted the deployment.
 *
 * @example
 * ```ts
 * const { deploymentId, balance } = await client.deployRecorders(request);
 * ```
 */
export interface DeployRecordersResult {
  /** JOD's id for the deployment, as a string even if JOD sent a number. */
  deploymentId: string;
  /** The account balance after the deployment, when JOD sent a usable one. */
  balance?: number;
  /** JOD's message, scrubbed of the API key; empty if JOD sent none. */
  message: string;
  /** How many HTTP requests it took (more than 1 after retried 503s or refused connections). */
  attempts: number;
}

/**
 * Where the client reports progress. Messages never contain the API key.
 *
 * @example
 * ```ts
 * const logger: JodLogger = { debug: () => {}, warn: (message) => console.warn(message) };
 * ```
 */
export interface JodLogger {
  debug(message: string): void;
  warn(message: string): void;
}

/**
 * How long to wait between retries: exponential growth with full jitter.
 *
 * @example
 * ```ts
 * const backoff: BackoffOptions = { baseMs: 1, maxMs: 5, sleep: async () => {} };
 * ```
 */
export interface BackoffOptions {
  /** The cap of the first delay, doubled for each further retry. Default 500. */
  baseMs?: number;
  /** The largest cap any delay can have. Default 10 000. */
  maxMs?: number;
  /** A number in [0, 1); the delay is this fraction of the cap. Default `Math.random`. */
  random?: () => number;
  /** Waits, and rejects early when the signal aborts. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * How to reach JOD and how patient to be.
 *
 * @example
 * ```ts
 * const options: JodClientOptions = { endpoint: "http://127.0.0.1:8080", timeoutMs: 5_000 };
 * ```
 */
export interface JodClientOptions {
  /** The base URL of the JOD API. Default `https://api.jod.sh`. */
  endpoint?: string;
  /** The fetch to use. Default: node-fetch. */
  fetch?: typeof nodeFetch;
  /** How long one attempt may take, from sending to the end of the answer. Default 30 000. */
  timeoutMs?: number;
  /** Extra attempts for failures that cannot have deployed anything. Default 3. */
  retries?: number;
  /** The delay between retries. */
  backoff?: BackoffOptions;
  /** Where to report attempts and retries. Default: silent. */
  logger?: JodLogger;
}

/**
 * A client for the JOD developer API.
 *
 * @example
 * ```ts
 * const client: JodClient = createJodClient();
 * ```
 */
export interface JodClient {
  /**
   * Deploys recorders. Throws a `JodError`; check its `mayHaveDeployed` before retrying.
   *
   * @param signal - cancels the request and any wait between retries.
   */
  deployRecorders(
    request: DeployRecordersRequest,
    signal?: AbortSignal,
  ): Promise<DeployRecordersResult>;
}
