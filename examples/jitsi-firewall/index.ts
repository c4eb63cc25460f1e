// JOD recorders beside a Jitsi server on Hetzner Cloud: the recorders' IPs open XMPP (TCP 5222)
// on the Jitsi host to exactly those recorders, and the rule follows every redeployment.
//
//   pulumi config set jitsiServer meet-1            # the Hetzner server running Jitsi
//   pulumi config set domain meet.example.com
//   pulumi config set duration 4
//   pulumi config set --path 'recorders.fra' 2
//   pulumi config set --secret jod:apiKey <key from the JOD dashboard>
//   pulumi config set --secret hcloud:token <Hetzner Cloud API token>
import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import * as jod from "pulumi-jod";
import { xmppRulesForRecorders } from "./firewall-rules";

const config = new pulumi.Config();

const fleet = new jod.RecorderFleet("recorders", jod.fleetArgsFromConfig(config));

// The Jitsi host exists already (another stack, or by hand): look it up by name.
const jitsiServer = hcloud.getServerOutput({ name: config.require("jitsiServer") });

// A firewall of its own rather than an edit of the host's: Hetzner lets in what any firewall
// applied to a server allows, so this one adds XMPP from the recorders and nothing else.
const xmppFirewall = new hcloud.Firewall("xmpp-from-recorders", {
  rules: fleet.allIps.apply(xmppRulesForRecorders),
  applyTos: [{ server: jitsiServer.id }],
});

/** Recorder IPs by location. */
export const recorderIps = fleet.ipsByLocation;
/** The firewall that opens XMPP on the Jitsi host to those recorders. */
export const xmppFirewallId = xmppFirewall.id;
/** The Jitsi host the firewall applies to. */
export const jitsiServerIp = jitsiServer.ipv4Address;
/** When each location's recorders stop (the firewall keeps their IPs until the next `up`). */
export const expiresAt = fleet.expiresAtByLocation;
