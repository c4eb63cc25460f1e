import { randomInt, randomUUID } from "node:crypto";
import type { CallbackRecorder } from "./callback-payloads";

/**
 * The IPv4 ranges reserved for documentation (RFC 5737), so that emulated recorder IPs can
 * never be mistaken for, or reach, real hosts.
 *
 * @example
 * ```ts
 * DOCUMENTATION_IP_PREFIXES[0]; // "192.0.2"
 * ```
 */
export const DOCUMENTATION_IP_PREFIXES = ["192.0.2", "198.51.100", "203.0.113"] as const;

/**
 * Makes up `count` recorders with random ids and IPs from the documentation ranges.
 *
 * @example
 * ```ts
 * allocateRecorders(2); // [{ recorder_id: "…", recorder_ip: "198.51.100.23" }, …]
 * ```
 */
export function allocateRecorders(count: number): CallbackRecorder[] {
  return Array.from({ length: count }, () => ({
    recorder_id: randomUUID(),
    recorder_ip: documentationIp(),
  }));
}

function documentationIp(): string {
  const prefix = DOCUMENTATION_IP_PREFIXES[randomInt(DOCUMENTATION_IP_PREFIXES.length)];
  // Hosts 1 to 254: neither the network nor the broadcast address.
  return `${prefix}.${randomInt(1, 255)}`;
}
