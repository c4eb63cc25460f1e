import { JodError } from "./jod-error";

/**
 * JOD (or something between it and this client, such as a proxy) answered in a way this client
 * cannot use: a body that is not JSON, truncated JSON, an unexpected shape, or an undocumented
 * status. The deployment may exist when the status was 2xx, or 5xx other than 503.
 *
 * @example
 * ```ts
 * const error = new JodInvalidResponseError({
 *   status: 502,
 *   problem: "the body is not JSON",
 *   snippet: "502 Bad Gateway nginx",
 * });
 * error.mayHaveDeployed; // true
 * ```
 */
export class JodInvalidResponseError extends JodError {
  /**
   * The start of the response body, whitespace collapsed and scrubbed of the API key;
   * `undefined` when the body could not be read.
   */
  readonly snippet?: string;

  constructor(options: { status: number; problem: string; snippet?: string; cause?: unknown }) {
    const body =
      options.snippet === undefined
        ? ""
        : options.snippet === ""
          ? "; the body is empty"
          : `; the body starts with "${options.snippet}"`;
    super(
      `JOD answered HTTP ${options.status} with a response this client cannot use: ` +
        `${options.problem}${body}.`,
      {
        code: "INVALID_RESPONSE",
        status: options.status,
        mayHaveDeployed: statusMayHaveDeployed(options.status),
        cause: options.cause,
      },
    );
    this.name = "JodInvalidResponseError";
    this.snippet = options.snippet;
  }
}

/** A 2xx means JOD took the request; a 5xx other than a planned-outage 503 may have lost it. */
function statusMayHaveDeployed(status: number): boolean {
  return (status >= 200 && status < 300) || (status >= 500 && status < 600 && status !== 503);
}
