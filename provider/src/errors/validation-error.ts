import { JodError } from "./jod-error";

/**
 * One invalid input: which property, and what it must be instead.
 *
 * @example
 * ```ts
 * const failure: ValidationFailure = { property: "recorders", reason: "must be an integer from 1 to 100, got 0" };
 * ```
 */
export interface ValidationFailure {
  /** The property name, such as `recorders` or `callbackUrl`. */
  property: string;
  /** What is allowed, phrased to follow the property name ("must be ..."). */
  reason: string;
}

/**
 * Some inputs are invalid, so nothing was sent to JOD. The message lists every failure.
 *
 * @example
 * ```ts
 * const error = new JodValidationError([{ property: "duration", reason: "must be an integer from 1 to 720, got 0" }]);
 * error.message; // "Invalid deployment request: duration must be an integer from 1 to 720, got 0."
 * ```
 */
export class JodValidationError extends JodError {
  /** Every invalid property, in the order they were checked. */
  readonly failures: readonly ValidationFailure[];

  /** @param subject - what was validated, as in "Invalid <subject>: ...". */
  constructor(failures: readonly ValidationFailure[], subject = "deployment request") {
    const list = failures.map((failure) => `${failure.property} ${failure.reason}`).join("; ");
    super(`Invalid ${subject}: ${list}.`, { code: "INVALID_INPUT", mayHaveDeployed: false });
    this.name = "JodValidationError";
    this.failures = failures.map((failure) => ({ ...failure }));
  }
}
