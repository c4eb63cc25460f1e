/**
 * The bounds the validators enforce. JOD documents no limits of its own; these catch typos
 * (such as 1000 recorders, or minutes given as hours) before they cost money.
 *
 * @example
 * ```ts
 * LIMITS.recorders.max; // 100
 * ```
 */
export const LIMITS = {
  /** Recorders per deployment. */
  recorders: { min: 1, max: 100 },
  /** Deployment duration in hours: up to 30 days. */
  durationHours: { min: 1, max: 720 },
  /** Timeouts given in seconds: up to 24 hours. */
  timeoutSeconds: { min: 1, max: 86_400 },
  /** TCP ports a listener may ask for; 0 lets the system pick one. */
  port: { min: 0, max: 65_535 },
  /** Hostnames, per RFC 1035. */
  hostnameLength: 253,
  hostnameLabelLength: 63,
  /** URLs, the length most software handles without trouble. */
  urlLength: 2048,
} as const;
