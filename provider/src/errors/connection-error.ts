import { JodError } from "./jod-error";

/**
 * The client could not connect to JOD (refused, DNS failure, unreachable network, TLS failure),
 * so nothing was sent and nothing was deployed. Thrown after the retries ran out.
 *
 * @example
 * ```ts
 * const error = new JodConnectionError({ host: "api.jod.sh", reason: "ECONNREFUSED", attempts: 4 });
 * error.mayHaveDeployed; // false
 * ```
 */
export class JodConnectionError extends JodError {
  /** The host (and port, if any) of the endpoint that could not be reached. */
  readonly host: string;
  /** How many connection attempts were made. */
  readonly attempts: number;

  constructor(options: { host: string; reason: string; attempts: number; cause?: unknown }) {
    const attempts = options.attempts === 1 ? "1 attempt" : `${options.attempts} attempts`;
    super(
      `Could not connect to JOD at ${options.host} (${options.reason}) after ${attempts}; ` +
        "nothing was sent, so nothing was deployed. Check the endpoint, DNS and network access " +
        "to it, then try again.",
      { code: "CONNECTION_FAILED", mayHaveDeployed: false, cause: options.cause },
    );
    this.name = "JodConnectionError";
    this.host = options.host;
    this.attempts = options.attempts;
  }
}
