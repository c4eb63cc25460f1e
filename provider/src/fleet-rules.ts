import { isLocation, LOCATION_CODES } from "./locations";
import { estimatedCost } from "./settings";
import { LIMITS } from "./validation";

// The rules of a RecorderFleet that need no Pulumi SDK, shared by the TypeScript component
// (recorder-fleet.ts) and the plugin's `jod:index:RecorderFleet` (plugin/fleet-plan.ts).

/**
 * What is wrong with one entry of a fleet's `recorders` map, phrased to follow its key
 * (`recorders.<location>`); undefined for a JOD location and a count it can deploy there.
 */
export function recorderCountProblem(location: string, count: unknown): string | undefined {
  if (!isLocation(location)) {
    return `is not a JOD location; use one of ${LOCATION_CODES.join(", ")}`;
  }
  const max = LIMITS.recorders.max;
  const isCount = typeof count === "number" && Number.isInteger(count) && count >= 0;
  if (isCount && count <= max) return undefined;
  const got = typeof count === "number" ? String(count) : JSON.stringify(count);
  return `must be a whole number from 0 to ${max}, got ${got}`;
}

/** The line preview and up log for a fleet: its recorder-hours, with the cost when priced. */
export function fleetRecorderHoursMessage(
  fleetName: string,
  totalRecorders: number,
  hours: number,
  pricePerRecorderHour: number | undefined,
): string {
  const total = totalRecorders * hours;
  return (
    `RecorderFleet ${fleetName}: ${totalRecorders} recorder(s) × ${hours} h ` +
    `= ${total} recorder-hours in all${estimatedCost(total, pricePerRecorderHour)}`
  );
}
