/**
 * The recorder location codes JOD documents for `POST /deploy-recorder`, in the vendor's order.
 *
 * @example
 * ```ts
 * JOD_LOCATIONS.join(", "); // "nyc, lon, ams, fra, tor, sgp, blr, sfo"
 * ```
 */
export const JOD_LOCATIONS = ["nyc", "lon", "ams", "fra", "tor", "sgp", "blr", "sfo"] as const;

/**
 * One documented JOD location code, such as `"lon"`.
 *
 * @example
 * ```ts
 * const where: JodLocation = "blr";
 * ```
 */
export type JodLocation = (typeof JOD_LOCATIONS)[number];

/**
 * Tells whether a string is one of the documented location codes.
 *
 * @example
 * ```ts
 * isJodLocation("ams"); // true
 * isJodLocation("paris"); // false
 * ```
 */
export function isJodLocation(value: string): value is JodLocation {
  return (JOD_LOCATIONS as readonly string[]).includes(value);
}
