// Recorders per location from stack config: change a count with
//   pulumi config set --path 'recorders.lon' 3     (0 removes a location)
// JOD calls back when the recorders are up; where it can reach you is set with
//   pulumi config set jod:callbackUrl https://hooks.example.com
//   pulumi config set jod:callbackListen 0.0.0.0:8080
import * as jod from "pulumi-jod";

const fleet = new jod.RecorderFleet("recorders", jod.fleetArgsFromConfig());

/** Recorder IPs by location, e.g. to open XMPP 5222 to them on the Jitsi host. */
export const recorderIps = fleet.ipsByLocation;
/** When each location's recorders stop (ISO 8601). */
export const expiresAt = fleet.expiresAtByLocation;
/** The account balance JOD reported after the last deployment. */
export const balance = fleet.balance;
