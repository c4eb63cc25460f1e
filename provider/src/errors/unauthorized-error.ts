import { JodError } from "./jod-error";

/**
 * JOD answered HTTP 401: the API key is missing or wrong. Nothing was deployed.
 *
 * @example
 * ```ts
 * const error = new JodUnauthorizedError({ jodMessage: "invalid API Key" });
 * error.code; // "UNAUTHORIZED"
 * ```
 */
export class JodUnauthorizedError extends JodError {
  constructor(options: { jodMessage?: string } = {}) {
    super(
      "JOD refused the API key (HTTP 401: missing or wrong API key), so nothing was deployed. " +
        "Generate a new key in the JOD dashboard and set it with " +
        "`pulumi config set --secret jod:apiKey <key>`.",
      { code: "UNAUTHORIZED", status: 401, mayHaveDeployed: false, jodMessage: options.jodMessage },
    );
    this.name = "JodUnauthorizedError";
  }
}
