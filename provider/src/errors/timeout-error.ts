import { JodError } from "./jod-error";

/**
 * No answer came from JOD within the timeout after the request was sent. JOD may have deployed,
 * so the request is never retried automatically.
 *
 * @example
 * ```ts
 * const error = new JodTimeoutError({ timeoutMs: 30_000, host: "api.jod.sh" });
 * error.mayHaveDeployed; // true
 * ```
 */
export class JodTimeoutError extends JodError {
  /** The per-attempt timeout that ran out, in milliseconds. */
  readonly timeoutMs: number;

  constructor(options: { timeoutMs: number; host: string; cause?: unknown }) {
    super(
      `JOD at ${options.host} did not answer within ${options.timeoutMs} ms, and the request ` +
        "had already been sent (or was being sent), so this provider did not retry it.",
      { code: "TIMEOUT", mayHaveDeployed: true, cause: options.cause },
    );
    this.name = "JodTimeoutError";
    this.timeoutMs = options.timeoutMs;
  }
}
