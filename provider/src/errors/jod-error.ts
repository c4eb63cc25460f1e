/**
 * The stable codes of the errors this package throws, for programs that branch on the failure.
 *
 * @example
 * ```ts
 * if (error instanceof JodError && error.code === "INSUFFICIENT_BALANCE") notifyBilling();
 * ```
 */
export type JodErrorCode =
  | "UNAUTHORIZED"
  | "INSUFFICIENT_BALANCE"
  | "INCOMPLETE_CONFIGURATION"
  | "SERVER_ERROR"
  | "SERVICE_UNAVAILABLE"
  | "DEPLOYMENT_REJECTED"
  | "INVALID_RESPONSE"
  | "TIMEOUT"
  | "CONNECTION_FAILED"
  | "CONNECTION_LOST"
  | "ABORTED"
  | "INTERRUPTED"
  | "INVALID_INPUT"
  | "NOT_CONFIGURED"
  | "LISTENER_FAILED"
  | "CALLBACK_TIMEOUT"
  | "DEPLOYMENT_FAILED"
  | "RELAY_FAILED";

/**
 * What every {@link JodError} carries besides its message.
 *
 * @example
 * ```ts
 * const options: JodErrorOptions = { code: "SERVER_ERROR", status: 500, mayHaveDeployed: true };
 * ```
 */
export interface JodErrorOptions {
  /** The stable code of the failure. */
  code: JodErrorCode;
  /** The HTTP status JOD answered with, when it answered. */
  status?: number;
  /** Whether JOD may have accepted (and charged) a deployment despite the error. */
  mayHaveDeployed: boolean;
  /** What JOD said in the `message` field of its answer, already scrubbed of the API key. */
  jodMessage?: string;
  /** The lower-level error behind this one, if any. */
  cause?: unknown;
}

/**
 * Appended to the message of every error that leaves a deployment possibly created, because the
 * natural reaction to an error (running again) would deploy and charge a second time.
 *
 * @example
 * ```ts
 * console.log(MAY_HAVE_DEPLOYED_ADVICE);
 * ```
 */
export const MAY_HAVE_DEPLOYED_ADVICE =
  "The deployment may exist anyway: check the deployments list in the JOD dashboard before " +
  "trying again, because retrying would deploy recorders and charge your balance a second time.";

/**
 * The base class of every error this package throws about JOD.
 *
 * It never holds the API key, the request body or the request headers.
 *
 * @example
 * ```ts
 * try {
 *   await client.deployRecorders(request);
 * } catch (error) {
 *   if (error instanceof JodError && error.mayHaveDeployed) {
 *     console.warn("Check the JOD dashboard before retrying:", error.message);
 *   }
 * }
 * ```
 */
export class JodError extends Error {
  /** The stable code of the failure. */
  readonly code: JodErrorCode;
  /** The HTTP status JOD answered with, when it answered. */
  readonly status?: number;
  /** True when JOD may have accepted and charged a deployment despite the error. */
  readonly mayHaveDeployed: boolean;
  /** What JOD said in the `message` field of its answer, scrubbed of the API key. */
  readonly jodMessage?: string;

  constructor(message: string, options: JodErrorOptions) {
    const said = options.jodMessage ? ` JOD said: "${options.jodMessage}".` : "";
    const advice = options.mayHaveDeployed ? ` ${MAY_HAVE_DEPLOYED_ADVICE}` : "";
    super(
      `${message}${said}${advice}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "JodError";
    this.code = options.code;
    this.status = options.status;
    this.mayHaveDeployed = options.mayHaveDeployed;
    this.jodMessage = options.jodMessage;
  }
}
