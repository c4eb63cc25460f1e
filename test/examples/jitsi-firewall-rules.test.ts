import type * as hcloud from "@pulumi/hcloud";
import { xmppRulesForRecorders } from "../../examples/jitsi-firewall/firewall-rules";

describe("examples/jitsi-firewall: xmppRulesForRecorders", () => {
  it("opens TCP 5222 inbound to exactly the recorder IPs, each as a single host", () => {
    // Typed as the real package's rule, so the type-check holds the shape to Hetzner's.
    const rules: hcloud.types.input.FirewallRule[] = xmppRulesForRecorders([
      "203.0.113.7",
      "198.51.100.4",
    ]);
    expect(rules).toEqual([
      {
        direction: "in",
        protocol: "tcp",
        port: "5222",
        sourceIps: ["198.51.100.4/32", "203.0.113.7/32"],
        description: expect.stringContaining("XMPP"),
      },
    ]);
  });

  it("lists each recorder once and in a stable order, so a reordered list changes nothing", () => {
    const [rule] = xmppRulesForRecorders(["192.0.2.9", "192.0.2.10", "192.0.2.9"]);
    const [reordered] = xmppRulesForRecorders(["192.0.2.10", "192.0.2.9"]);
    expect(rule.sourceIps).toEqual(["192.0.2.10/32", "192.0.2.9/32"]);
    expect(reordered).toEqual(rule);
  });

  it("writes an IPv6 recorder as a /128", () => {
    const [rule] = xmppRulesForRecorders(["2001:db8::7"]);
    expect(rule.sourceIps).toEqual(["2001:db8::7/128"]);
  });

  it("has no rule without recorders", () => {
    expect(xmppRulesForRecorders([])).toEqual([]);
  });

  it("refuses an entry that is not an IP address, naming it", () => {
    expect(() => xmppRulesForRecorders(["192.0.2.9", "192.0.2.0/24"])).toThrow(
      'recorder IP "192.0.2.0/24" is not an IPv4 or IPv6 address',
    );
  });
});
