import { describeValue } from "./describe-value";
import { LIMITS } from "./limits";

/**
 * Checks the number of recorders: an integer from 1 to 100.
 *
 * @returns `undefined` when valid, otherwise what is allowed.
 * @example
 * ```ts
 * validateRecorders(2); // undefined
 * validateRecorders("2"); // "must be a number: an integer from 1 to 100 (...), got a string"
 * ```
 */
export function validateRecorders(value: unknown): string | undefined {
  const { min, max } = LIMITS.recorders;
  return validateInteger(
    value,
    min,
    max,
    `an integer from ${min} to ${max} (pulumi-jod caps a deployment at ${max} recorders)`,
  );
}

/**
 * Checks a deployment duration: a whole number of hours from 1 to 720 (30 days).
 *
 * @returns `undefined` when valid, otherwise what is allowed.
 * @example
 * ```ts
 * validateDuration(3); // undefined
 * validateDuration(0.5); // "must be an integer number of hours from 1 to 720 (30 days), got 0.5"
 * ```
 */
export function validateDuration(value: unknown): string | undefined {
  const { min, max } = LIMITS.durationHours;
  return validateInteger(
    value,
    min,
    max,
    `an integer number of hours from ${min} to ${max} (30 days)`,
  );
}

/**
 * Checks a timeout given in seconds: an integer from 1 to 86400 (24 hours).
 *
 * @returns `undefined` when valid, otherwise what is allowed.
 * @example
 * ```ts
 * validateTimeoutSeconds(600); // undefined
 * validateTimeoutSeconds(0); // "must be an integer number of seconds from 1 to 86400 (24 hours), got 0"
 * ```
 */
export function validateTimeoutSeconds(value: unknown): string | undefined {
  const { min, max } = LIMITS.timeoutSeconds;
  return validateInteger(
    value,
    min,
    max,
    `an integer number of seconds from ${min} to ${max} (24 hours)`,
  );
}

function validateInteger(
  value: unknown,
  min: number,
  max: number,
  allowed: string,
): string | undefined {
  if (typeof value !== "number") return `must be a number: ${allowed}, got ${describeValue(value)}`;
  if (!Number.isInteger(value) || value < min || value > max) {
    return `must be ${allowed}, got ${describeValue(value)}`;
  }
  return undefined;
}
