/**
 * The 4xx status that body-parser (and http-errors) attach to client errors, such as 413 for
 * a body over the limit; `undefined` for any other error.
 *
 * @example
 * ```ts
 * clientErrorStatus(Object.assign(new Error("too large"), { status: 413 })); // 413
 * clientErrorStatus(new Error("boom")); // undefined
 * ```
 */
export function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("status" in error)) return undefined;
  const { status } = error;
  return typeof status === "number" && status >= 400 && status < 500 ? status : undefined;
}
