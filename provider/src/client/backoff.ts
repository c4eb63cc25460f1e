import { setTimeout as delay } from "node:timers/promises";

/**
 * The delay before retry number `retry` (1 for the first retry): a random fraction of
 * `min(maxMs, baseMs * 2^(retry - 1))`. Full jitter spreads out clients that failed together,
 * so they do not all come back at the same moment when JOD's outage ends.
 *
 * @example
 * ```ts
 * backoffDelayMs(3, { baseMs: 500, maxMs: 10_000, random: () => 0.5 }); // 1000
 * ```
 */
export function backoffDelayMs(
  retry: number,
  options: { baseMs: number; maxMs: number; random: () => number },
): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** (retry - 1));
  return Math.floor(options.random() * cap);
}

/**
 * Waits `ms` milliseconds; rejects as soon as `signal` aborts.
 *
 * @example
 * ```ts
 * await abortableSleep(250, AbortSignal.timeout(1_000));
 * ```
 */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal });
}
