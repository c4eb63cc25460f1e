import { JodError } from "./jod-error";

/**
 * JOD kept answering HTTP 503 (a planned outage) until the retries ran out. Nothing was deployed.
 *
 * @example
 * ```ts
 * const error = new JodServiceUnavailableError({ attempts: 4 });
 * error.attempts; // 4
 * ```
 */
export class JodServiceUnavailableError extends JodError {
  /** How many HTTP requests were made, all answered with 503. */
  readonly attempts: number;

  constructor(options: { attempts: number; jodMessage?: string }) {
    super(
      `JOD is unavailable (HTTP 503, usually a planned outage) and still was after ` +
        `${attemptsText(options.attempts)}, so nothing was deployed. Try again later.`,
      {
        code: "SERVICE_UNAVAILABLE",
        status: 503,
        mayHaveDeployed: false,
        jodMessage: options.jodMessage,
      },
    );
    this.name = "JodServiceUnavailableError";
    this.attempts = options.attempts;
  }
}

function attemptsText(attempts: number): string {
  return attempts === 1 ? "1 attempt" : `${attempts} attempts`;
}
