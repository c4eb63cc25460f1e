import { JodError } from "./jod-error";

/**
 * JOD answered HTTP 402: the account balance does not cover the deployment. Nothing was deployed.
 *
 * @example
 * ```ts
 * const error = new JodInsufficientBalanceError();
 * error.code; // "INSUFFICIENT_BALANCE"
 * ```
 */
export class JodInsufficientBalanceError extends JodError {
  constructor(options: { jodMessage?: string } = {}) {
    super(
      "JOD refused to deploy because the account balance is too low (HTTP 402), so nothing was " +
        "deployed. Top up the balance in the JOD dashboard, then deploy again.",
      {
        code: "INSUFFICIENT_BALANCE",
        status: 402,
        mayHaveDeployed: false,
        jodMessage: options.jodMessage,
      },
    );
    this.name = "JodInsufficientBalanceError";
  }
}
