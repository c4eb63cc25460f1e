import { JodValidationError, type ValidationFailure } from "../errors";
import type { Location } from "../locations";
import { validateDomain } from "./hostname";
import { validateDuration, validateRecorders } from "./integers";
import { validateLocation } from "./location";
import { validateCallbackUrl } from "./urls";

/**
 * The fields of a deployment as they arrive from a caller, before validation.
 *
 * @example
 * ```ts
 * const input: DeploymentRequestInput = { domain: "meet.example.com", recorders: "2" };
 * ```
 */
export interface DeploymentRequestInput {
  domain?: unknown;
  recorders?: unknown;
  duration?: unknown;
  location?: unknown;
  callbackUrl?: unknown;
}

/**
 * A deployment whose fields passed {@link validateDeploymentRequest}.
 *
 * @example
 * ```ts
 * const request: ValidDeploymentRequest = {
 *   domain: "meet.example.com", recorders: 2, duration: 3, location: "lon",
 *   callbackUrl: "https://example.com/jod-callback",
 * };
 * ```
 */
export interface ValidDeploymentRequest {
  domain: string;
  recorders: number;
  duration: number;
  location: Location;
  callbackUrl: string;
}

const FIELD_VALIDATORS: ReadonlyArray<
  [keyof DeploymentRequestInput, (value: unknown) => string | undefined]
> = [
  ["domain", validateDomain],
  ["recorders", validateRecorders],
  ["duration", validateDuration],
  ["location", validateLocation],
  ["callbackUrl", validateCallbackUrl],
];

/**
 * Checks every field of a deployment and reports all failures at once, so a person can fix them
 * in one go.
 *
 * @returns an empty array when the request is valid.
 * @example
 * ```ts
 * validateDeploymentRequest({ domain: "meet.example.com", recorders: 0, duration: 3, location: "lon", callbackUrl: "https://example.com/cb" });
 * // [{ property: "recorders", reason: "must be an integer from 1 to 100 (...), got 0" }]
 * ```
 */
export function validateDeploymentRequest(request: DeploymentRequestInput): ValidationFailure[] {
  if (typeof request !== "object" || request === null) {
    return [
      {
        property: "request",
        reason: "must be an object with domain, recorders, duration, location and callbackUrl",
      },
    ];
  }
  const failures: ValidationFailure[] = [];
  for (const [property, validate] of FIELD_VALIDATORS) {
    const reason = validate(request[property]);
    if (reason !== undefined) failures.push({ property, reason });
  }
  return failures;
}

/**
 * Throws a {@link JodValidationError} listing every invalid field, or narrows the request's type.
 *
 * @example
 * ```ts
 * assertValidDeploymentRequest(inputs); // throws JodValidationError if anything is wrong
 * inputs.location; // typed as Location from here on
 * ```
 */
export function assertValidDeploymentRequest(
  request: DeploymentRequestInput,
): asserts request is ValidDeploymentRequest {
  const failures = validateDeploymentRequest(request);
  if (failures.length > 0) throw new JodValidationError(failures);
}
