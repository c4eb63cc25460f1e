import { JodError } from "./jod-error";

/**
 * JOD answered HTTP 406: the Jitsi domain's configuration in JOD is not complete. Nothing was
 * deployed.
 *
 * @example
 * ```ts
 * const error = new JodIncompleteConfigurationError({ domain: "meet.example.com" });
 * error.domain; // "meet.example.com"
 * ```
 */
export class JodIncompleteConfigurationError extends JodError {
  /** The Jitsi domain whose configuration JOD considers incomplete. */
  readonly domain: string;

  constructor(options: { domain: string; jodMessage?: string }) {
    super(
      `JOD refused to deploy because the configuration of the domain "${options.domain}" is not ` +
        "complete (HTTP 406), so nothing was deployed. Complete the domain's configuration in " +
        "the JOD dashboard, then deploy again.",
      {
        code: "INCOMPLETE_CONFIGURATION",
        status: 406,
        mayHaveDeployed: false,
        jodMessage: options.jodMessage,
      },
    );
    this.name = "JodIncompleteConfigurationError";
    this.domain = options.domain;
  }
}
