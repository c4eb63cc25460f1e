import { LOCATIONS, LOCATION_CODES, isLocation } from "../locations";
import { describeValue } from "./describe-value";

const CHOICES = LOCATION_CODES.map((code) => `${code} (${LOCATIONS[code]})`).join(", ");

/**
 * Checks a recorder location: one of the eight codes JOD documents, in lower case.
 *
 * @returns `undefined` when valid, otherwise the list of codes with their cities.
 * @example
 * ```ts
 * validateLocation("lon"); // undefined
 * validateLocation("paris"); // "must be one of nyc (New York, United States of America), ..."
 * ```
 */
export function validateLocation(value: unknown): string | undefined {
  if (typeof value !== "string") {
    return `must be a string, one of ${CHOICES}; got ${describeValue(value)}`;
  }
  return isLocation(value) ? undefined : `must be one of ${CHOICES}`;
}
