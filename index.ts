// The root Pulumi program: JOD recorders per location, declared in stack config.
//
//   pulumi config set domain meet.example.com
//   pulumi config set duration 4
//   pulumi config set --path 'recorders.lon' 2
//   pulumi config set --secret jod:apiKey <key from the JOD dashboard>
//
// `npm run demo` runs it against the local JOD emulator with Pulumi.demo.yaml.
import * as jod from "pulumi-jod";

const fleet = new jod.RecorderFleet("recorders", jod.fleetArgsFromConfig());

/** Recorder IPs by location, e.g. to open XMPP (5222) on the Jitsi host to them. */
export const recorderIps = fleet.ipsByLocation;
export const allRecorderIps = fleet.allIps;
export const totalRecorders = fleet.totalRecorders;
/** When each location's recorders stop. */
export const expiresAt = fleet.expiresAtByLocation;
/** The account balance JOD reported after the last deployment. */
export const balance = fleet.balance;
