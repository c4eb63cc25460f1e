/**
 * The defaults of `JodClientOptions` and the client's fixed limits.
 *
 * @example
 * ```ts
 * CLIENT_DEFAULTS.endpoint; // "https://api.jod.sh"
 * ```
 */
export const CLIENT_DEFAULTS = {
  endpoint: "https://api.jod.sh",
  timeoutMs: 30_000,
  retries: 3,
  backoffBaseMs: 500,
  backoffMaxMs: 10_000,
  /** JOD's answers are a few hundred bytes; anything far bigger is not JOD talking. */
  maxResponseBytes: 64 * 1024,
} as const;
