import { isIPv4, isIPv6 } from "node:net";
import { describeValue } from "./describe-value";
import { isHostname } from "./hostname";
import { LIMITS } from "./limits";

const ALLOWED =
  "host:port, [ipv6]:port or :port, such as 0.0.0.0:8080, [::1]:8080 or :8080, with a port " +
  `from ${LIMITS.port.min} to ${LIMITS.port.max}`;

/**
 * Checks an address to listen on: `host:port`, `[ipv6]:port` or `:port` (all interfaces).
 * Port 0 is allowed and means "any free port".
 *
 * @returns `undefined` when valid, otherwise what is allowed.
 * @example
 * ```ts
 * validateListenAddress("127.0.0.1:8080"); // undefined
 * validateListenAddress("8080"); // "must be host:port, [ipv6]:port or :port, ..."
 * ```
 */
export function validateListenAddress(value: unknown): string | undefined {
  if (typeof value !== "string") return `must be a string: ${ALLOWED}, got ${describeValue(value)}`;
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  if (!match) return `must be ${ALLOWED}`;
  const [, ipv6, host, port] = match;
  const hostValid = ipv6 !== undefined ? isIPv6(ipv6) : host === "" || isListenHost(host);
  return hostValid && Number(port) <= LIMITS.port.max ? undefined : `must be ${ALLOWED}`;
}

/** Dotted digits must be a real IPv4 address; anything else must be a hostname like localhost. */
function isListenHost(host: string): boolean {
  return /^[\d.]+$/.test(host) ? isIPv4(host) : isHostname(host, 1);
}
