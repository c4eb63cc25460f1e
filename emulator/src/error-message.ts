/**
 * A one-line description of anything thrown, including the `cause` that fetch hides behind
 * "fetch failed". Duck-typed rather than `instanceof Error`, so errors from another realm
 * (Node internals seen from a jest sandbox, for example) are described too.
 *
 * @example
 * ```ts
 * describeError(new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") }));
 * // "fetch failed: connect ECONNREFUSED"
 * ```
 */
export function describeError(error: unknown): string {
  const message = messageOf(error);
  if (message === undefined) return String(error);
  const cause = messageOf((error as { cause?: unknown }).cause);
  return cause === undefined ? message : `${message}: ${cause}`;
}

function messageOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || !("message" in value)) return undefined;
  return typeof value.message === "string" ? value.message : undefined;
}
