import { describeValue } from "./describe-value";
import { LIMITS } from "./limits";

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/**
 * Tells whether a string is a DNS hostname: dot-separated labels of 1-63 letters, digits or
 * hyphens (not at either end of a label), at most 253 characters, no trailing dot.
 *
 * @param minLabels - 2 for a public domain such as `meet.example.com`, 1 to allow `localhost`.
 * @example
 * ```ts
 * isHostname("meet.example.com", 2); // true
 * isHostname("localhost", 2); // false
 * ```
 */
export function isHostname(value: string, minLabels: number): boolean {
  if (value.length > LIMITS.hostnameLength) return false;
  const labels = value.split(".");
  return (
    labels.length >= minLabels &&
    labels.every((label) => label.length <= LIMITS.hostnameLabelLength && LABEL.test(label))
  );
}

const DOMAIN_ALLOWED =
  "a hostname such as meet.example.com, without scheme, port or path (at least two " +
  "dot-separated labels of 1-63 letters, digits or inner hyphens, at most 253 characters)";

/**
 * Checks a Jitsi domain as JOD expects it: a bare hostname such as `meet.example.com`.
 * A numeric last label is refused because it means an IP address, not a configured domain.
 *
 * @returns `undefined` when valid, otherwise what is allowed.
 * @example
 * ```ts
 * validateDomain("meet.example.com"); // undefined
 * validateDomain("https://meet.example.com"); // "must be a hostname such as meet.example.com, ..."
 * ```
 */
export function validateDomain(value: unknown): string | undefined {
  if (typeof value !== "string") {
    return `must be a string: ${DOMAIN_ALLOWED}, got ${describeValue(value)}`;
  }
  const lastLabel = value.slice(value.lastIndexOf(".") + 1);
  if (!isHostname(value, 2) || /^\d+$/.test(lastLabel)) return `must be ${DOMAIN_ALLOWED}`;
  return undefined;
}
