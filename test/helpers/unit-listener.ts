import type { CallbackLease } from "../../provider/src/callbacks/callback-channel";

/**
 * Releases every lease, so a failing test still stops the listener it started.
 *
 * @example
 * ```ts
 * const leases: CallbackLease[] = [];
 * afterEach(() => releaseAll(leases));
 * ```
 */
export async function releaseAll(leases: CallbackLease[]): Promise<void> {
  await Promise.all(leases.splice(0).map((lease) => lease.release()));
}

/**
 * The port of a callback URL, as a number.
 *
 * @example
 * ```ts
 * portOf("http://127.0.0.1:41234/jod/callback/abc"); // 41234
 * ```
 */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}
