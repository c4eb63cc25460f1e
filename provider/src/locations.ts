/**
 * The recorder locations JOD documents, keyed by the code its API takes.
 *
 * @example
 * ```ts
 * import { LOCATIONS } from "pulumi-jod";
 * console.log(LOCATIONS.lon); // "London, United Kingdom"
 * ```
 */
export const LOCATIONS = {
  nyc: "New York, United States of America",
  lon: "London, United Kingdom",
  ams: "Amsterdam, Netherlands",
  fra: "Frankfurt, Germany",
  tor: "Toronto, Canada",
  sgp: "Singapore, Singapore",
  blr: "Bangalore, India",
  sfo: "San Francisco, United States of America",
} as const;

/**
 * A JOD location code, such as `"lon"` or `"blr"`.
 *
 * @example
 * ```ts
 * const where: Location = "ams";
 * ```
 */
export type Location = keyof typeof LOCATIONS;

/**
 * Every location code, in the order JOD documents them.
 *
 * @example
 * ```ts
 * LOCATION_CODES.includes("fra"); // true
 * ```
 */
export const LOCATION_CODES = Object.keys(LOCATIONS) as Location[];

/**
 * Tells whether a value is one of the documented location codes.
 *
 * @example
 * ```ts
 * isLocation("lon"); // true
 * isLocation("paris"); // false
 * ```
 */
export function isLocation(value: unknown): value is Location {
  return typeof value === "string" && Object.hasOwn(LOCATIONS, value);
}
