/** The IPv4 documentation ranges of RFC 5737, as /24 prefixes. */
const DOCUMENTATION_PREFIXES = ["192.0.2.", "198.51.100.", "203.0.113."];

/**
 * Tells whether an IPv4 address lies in 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24.
 * Written independently of the emulator, so tests do not check it against itself.
 *
 * @example
 * ```ts
 * isDocumentationIp("203.0.113.7"); // true
 * isDocumentationIp("8.8.8.8"); // false
 * ```
 */
export function isDocumentationIp(ip: string): boolean {
  const prefix = DOCUMENTATION_PREFIXES.find((candidate) => ip.startsWith(candidate));
  if (!prefix) return false;
  const host = ip.slice(prefix.length);
  return /^[0-9]{1,3}$/.test(host) && Number(host) <= 255;
}
