/** The recorder locations JOD documents, keyed by the code its API takes, with their cities. */
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

/** A JOD location code, such as `"lon"` or `"blr"`. */
export type Location = keyof typeof LOCATIONS;

/** Every location code, in the order JOD documents them. */
export const LOCATION_CODES = Object.keys(LOCATIONS) as Location[];

/** Tells whether a value is one of the documented location codes. */
export function isLocation(value: unknown): value is Location {
  return typeof value === "string" && Object.hasOwn(LOCATIONS, value);
}
