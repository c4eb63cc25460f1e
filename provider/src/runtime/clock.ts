/**
 * The provider's clock. `JOD_NOW` (an ISO 8601 time) makes it pretend another time, so expiry
 * can be tested or previewed ("what would refresh do tomorrow?") without waiting for hours.
 *
 * @example
 * ```ts
 * const now = createClock({ JOD_NOW: "2030-01-01T00:00:00Z" });
 * now().toISOString(); // "2030-01-01T00:00:00.000Z"
 * ```
 */
export function createClock(env: NodeJS.ProcessEnv): () => Date {
  const pretend = env.JOD_NOW;
  if (!pretend) return () => new Date();
  // Strict: Date.parse alone would take "1" as the year 2001 in local time.
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
  const fixed = iso.test(pretend) ? Date.parse(pretend) : NaN;
  if (Number.isNaN(fixed)) {
    throw new Error(
      `JOD_NOW must be an ISO 8601 time such as 2030-01-01T00:00:00Z, got "${pretend}"`,
    );
  }
  return () => new Date(fixed);
}
