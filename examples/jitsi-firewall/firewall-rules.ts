import { isIP } from "node:net";

/** Prosody's client port: Jibri recorders log in to the Jitsi host's XMPP server on it. */
export const XMPP_PORT = "5222";

/** An inbound Hetzner Cloud firewall rule (the shape of `hcloud.types.input.FirewallRule`). */
export interface InboundRule {
  direction: "in";
  protocol: "tcp";
  port: string;
  /** CIDRs allowed in; Hetzner wants CIDR notation, even for a single host. */
  sourceIps: string[];
  description: string;
}

/**
 * The firewall rules that open XMPP (TCP 5222) on the Jitsi host to exactly these recorders:
 * one inbound rule whose sources are the recorder IPs, each as a single host (`/32`, or `/128`
 * for IPv6), sorted and without duplicates so a reordered list changes nothing. No recorders,
 * no rule: there is nothing to open.
 *
 * @throws Error naming the first entry that is not an IP address.
 *
 * @example
 * ```ts
 * xmppRulesForRecorders(["203.0.113.7", "198.51.100.4"]);
 * // [{ direction: "in", protocol: "tcp", port: "5222",
 * //    sourceIps: ["198.51.100.4/32", "203.0.113.7/32"], description: "..." }]
 * ```
 */
export function xmppRulesForRecorders(recorderIps: readonly string[]): InboundRule[] {
  const sources = [...new Set(recorderIps.map(singleHostCidr))].sort();
  if (sources.length === 0) return [];
  return [
    {
      direction: "in",
      protocol: "tcp",
      port: XMPP_PORT,
      sourceIps: sources,
      description: "XMPP from the JOD recorders (Jibri)",
    },
  ];
}

function singleHostCidr(ip: string): string {
  const version = isIP(ip);
  if (version === 0) {
    throw new Error(`recorder IP "${ip}" is not an IPv4 or IPv6 address`);
  }
  return `${ip}/${version === 4 ? 32 : 128}`;
}
