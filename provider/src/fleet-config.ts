import * as pulumi from "@pulumi/pulumi";
import { isLocation, Location, LOCATION_CODES } from "./locations";
import type { RecorderFleetArgs } from "./recorder-fleet";
import { LIMITS, validateDomain, validateDuration, validateTimeoutSeconds } from "./validation";

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
export function fleetArgsFromConfig(
  config: pulumi.Config = new pulumi.Config(),
): RecorderFleetArgs {
  const problems: string[] = [];
  const key = (name: string) => `${config.name}:${name}`;

  const domain = config.get("domain");
  const domainReason = domain === undefined ? "is required" : validateDomain(domain);
  if (domainReason) problems.push(`${key("domain")} ${domainReason}`);

  if (config.get("duration") === undefined) {
    problems.push(`${key("duration")} is required: how many hours the recorders run`);
  }
  const duration = readNumber(config, "duration", validateDuration, problems);
  const timeoutSeconds = readNumber(config, "timeoutSeconds", validateTimeoutSeconds, problems);

  const recorders = readCounts(config, key("recorders"), problems);

  if (problems.length > 0) {
    throw new pulumi.RunError(
      `Stack config is incomplete or invalid:\n  - ${problems.join("\n  - ")}\n` +
        "Set it with, for example: pulumi config set domain meet.example.com; " +
        "pulumi config set duration 4; pulumi config set --path 'recorders.lon' 2",
    );
  }
  return {
    domain: domain as string,
    duration: duration as number,
    recorders,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  };
}

/**
 * Reads an optional number. Values set with `--path` or in YAML arrive as numbers, plain
 * `pulumi config set` ones as strings.
 */
function readNumber(
  config: pulumi.Config,
  name: string,
  validate: (value: unknown) => string | undefined,
  problems: string[],
): number | undefined {
  const raw = config.get(name);
  if (raw === undefined) return undefined;
  const value = raw.trim() === "" ? NaN : Number(raw);
  const reason = validate(value);
  if (reason) {
    problems.push(`${config.name}:${name} ${reason} (got ${JSON.stringify(raw)})`);
    return undefined;
  }
  return value;
}

function readCounts(
  config: pulumi.Config,
  key: string,
  problems: string[],
): Partial<Record<Location, number>> {
  let raw: unknown;
  try {
    raw = config.getObject<unknown>("recorders");
  } catch {
    raw = null; // Not JSON: reported below like any other value that is not a map.
  }
  if (raw === undefined) {
    problems.push(
      `${key} is required: recorders per location, e.g. pulumi config set --path 'recorders.lon' 2`,
    );
    return {};
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problems.push(`${key} must be a map of location to count, such as {"lon": 2}`);
    return {};
  }
  const counts: Partial<Record<Location, number>> = {};
  for (const [location, value] of Object.entries(raw)) {
    if (!isLocation(location)) {
      problems.push(
        `${key}.${location} is not a JOD location; use one of ${LOCATION_CODES.join(", ")}`,
      );
      continue;
    }
    const count = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    const max = LIMITS.recorders.max;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > max) {
      problems.push(
        `${key}.${location} must be a whole number from 0 to ${max}, got ${JSON.stringify(value)}`,
      );
      continue;
    }
    counts[location] = count;
  }
  return counts;
}
