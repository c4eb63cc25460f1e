import * as pulumi from "@pulumi/pulumi";
import type { Location } from "./locations";
import { recorderCountProblem, type RecorderFleetArgs } from "./recorder-fleet";
import { validateDomain, validateDuration, validateTimeoutSeconds } from "./validation";

/**
 * Reads a {@link RecorderFleet}'s arguments from stack config, so recorder counts per location
 * live in `Pulumi.<stack>.yaml`:
 *
 * ```sh
 * pulumi config set domain meet.example.com
 * pulumi config set duration 4
 * pulumi config set --path 'recorders.lon' 2
 * pulumi config set --path 'recorders.blr' 1
 * ```
 *
 * Every problem is reported at once, naming the config key and what it allows.
 *
 * @example
 * ```ts
 * const fleet = new jod.RecorderFleet("recorders", jod.fleetArgsFromConfig(new pulumi.Config()));
 * ```
 */
export function fleetArgsFromConfig(config = new pulumi.Config()): RecorderFleetArgs {
  const problems: string[] = [];
  const report: Report = (name, problem) => problems.push(`${config.name}:${name} ${problem}`);

  const domain = config.get("domain");
  const domainProblem = domain === undefined ? "is required" : validateDomain(domain);
  if (domainProblem) report("domain", domainProblem);
  if (config.get("duration") === undefined) {
    report("duration", "is required: how many hours the recorders run");
  }
  const duration = readNumber(config, "duration", validateDuration, report);
  const timeoutSeconds = readNumber(config, "timeoutSeconds", validateTimeoutSeconds, report);
  const recorders = readCounts(config, report);

  if (problems.length > 0) {
    throw new pulumi.RunError(
      `Stack config is incomplete or invalid:\n  - ${problems.join("\n  - ")}\n` +
        "Set it with, for example: pulumi config set domain meet.example.com; " +
        "pulumi config set duration 4; pulumi config set --path 'recorders.lon' 2",
    );
  }
  const args = { domain: domain as string, duration: duration as number, recorders };
  return timeoutSeconds === undefined ? args : { ...args, timeoutSeconds };
}

/** Notes what is wrong with the config key `name` (given without the namespace). */
type Report = (name: string, problem: string) => void;
type Validator = (value: unknown) => string | undefined;

/**
 * Reads an optional number. Values set with `--path` or in YAML arrive as numbers, plain
 * `pulumi config set` ones as strings.
 */
function readNumber(config: pulumi.Config, name: string, validate: Validator, report: Report) {
  const raw = config.get(name);
  if (raw === undefined) return undefined;
  const value = raw.trim() === "" ? NaN : Number(raw);
  const problem = validate(value);
  if (problem) report(name, `${problem} (got ${JSON.stringify(raw)})`);
  return problem ? undefined : value;
}

/** The `recorders` map: how many recorders per location, each a count from 0 up. */
function readCounts(config: pulumi.Config, report: Report): Partial<Record<Location, number>> {
  let raw: unknown;
  try {
    raw = config.getObject<unknown>("recorders");
  } catch {
    raw = null; // Not JSON: reported below like any other value that is not a map.
  }
  if (raw === undefined) {
    report("recorders", "is required: how many recorders to run in each location");
    return {};
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    report("recorders", 'must be a map of location to count, such as {"lon": 2}');
    return {};
  }
  const counts: Partial<Record<Location, number>> = {};
  for (const [location, value] of Object.entries(raw)) {
    // Plain `pulumi config set` stores a count as text ("1"); anything else is shown as given.
    const count = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    const problem = recorderCountProblem(location, count);
    if (problem) report(`recorders.${location}`, problem);
    else counts[location as Location] = count as number; // both checked just above
  }
  return counts;
}
