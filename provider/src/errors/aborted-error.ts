import { JodError } from "./jod-error";

/**
 * The caller's abort signal cancelled the deployment request. If a request was in flight at that
 * moment, JOD may have received it.
 *
 * @example
 * ```ts
 * const error = new JodAbortedError({ requestInFlight: false });
 * error.mayHaveDeployed; // false
 * ```
 */
export class JodAbortedError extends JodError {
  constructor(options: { requestInFlight: boolean; cause?: unknown }) {
    super(
      options.requestInFlight
        ? "The deployment request was cancelled while JOD was handling it."
        : "The deployment request was cancelled before a request reached JOD; nothing was deployed.",
      { code: "ABORTED", mayHaveDeployed: options.requestInFlight, cause: options.cause },
    );
    this.name = "JodAbortedError";
  }
}
