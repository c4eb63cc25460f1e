// Recorders per location declared in stack config (see Pulumi.dev.yaml): the program never
// changes when the counts do.
//
//   pulumi config set --path 'recorders.sgp' 1
//   pulumi config set --secret jod:apiKey <key from the JOD dashboard>
import * as jod from "pulumi-jod";

const fleet = new jod.RecorderFleet("recorders", jod.fleetArgsFromConfig());

/** Recorder IPs by location. */
export const recorderIps = fleet.ipsByLocation;
/** Every recorder IP of the fleet. */
export const allRecorderIps = fleet.allIps;
/** How many recorders the fleet runs. */
export const totalRecorders = fleet.totalRecorders;
/** When each location's recorders stop (ISO 8601). */
export const expiresAt = fleet.expiresAtByLocation;
/** The account balance JOD reported after the last deployment. */
export const balance = fleet.balance;
