import { JodError } from "./jod-error";

/**
 * The connection to JOD broke after it was established (reset, socket hang up), so the request
 * may have reached JOD. Never retried automatically.
 *
 * @example
 * ```ts
 * const error = new JodConnectionLostError({ host: "api.jod.sh", reason: "ECONNRESET" });
 * error.mayHaveDeployed; // true
 * ```
 */
export class JodConnectionLostError extends JodError {
  /** The host (and port, if any) of the endpoint. */
  readonly host: string;

  constructor(options: { host: string; reason: string; cause?: unknown }) {
    super(
      `The connection to JOD at ${options.host} broke before an answer arrived ` +
        `(${options.reason}); the request may have reached JOD, so this provider did not retry it.`,
      { code: "CONNECTION_LOST", mayHaveDeployed: true, cause: options.cause },
    );
    this.name = "JodConnectionLostError";
    this.host = options.host;
  }
}
