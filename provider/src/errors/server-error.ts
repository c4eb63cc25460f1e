import { JodError } from "./jod-error";

/**
 * JOD answered HTTP 500. JOD documents that such requests can get lost part-way, so the
 * deployment may or may not exist. Never retried automatically.
 *
 * @example
 * ```ts
 * const error = new JodServerError();
 * error.mayHaveDeployed; // true
 * ```
 */
export class JodServerError extends JodError {
  constructor(options: { jodMessage?: string } = {}) {
    super(
      "JOD reported an internal error (HTTP 500). JOD documents that a request can get lost " +
        "part-way when this happens, so this provider did not retry it.",
      { code: "SERVER_ERROR", status: 500, mayHaveDeployed: true, jodMessage: options.jodMessage },
    );
    this.name = "JodServerError";
  }
}
