import * as pulumi from "@pulumi/pulumi";
import { isLocation, Location, LOCATION_CODES } from "./locations";
import { RecorderDeployment } from "./recorder-deployment";
import {
  estimatedCost,
  parsePricePerRecorderHour,
  validatePricePerRecorderHour,
} from "./runtime/spend-guard";

/** The inputs of a {@link RecorderFleet}. */
export interface RecorderFleetArgs {
  /** Your Jitsi domain as configured in JOD, such as `meet.example.com`. */
  domain: pulumi.Input<string>;
  /** How long each location's recorders run, in whole hours. */
  duration: pulumi.Input<number>;
  /**
   * How many recorders to run per location, e.g. `{ lon: 2, blr: 1 }`. A location with 0 (or
   * absent) has no deployment. Known when the program runs, because it decides which
   * resources exist: read it from stack config, not from another resource's output.
   */
  recorders: Partial<Record<Location, number>>;
  /** Passed to every deployment: see {@link RecorderDeploymentArgs.timeoutSeconds}. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Passed to every deployment: see {@link RecorderDeploymentArgs.callbackUrl}. */
  callbackUrl?: pulumi.Input<string>;
}

/**
 * Recorders in several locations: one {@link RecorderDeployment} per location with a count
 * above zero, named after the location, so changing one location's count touches only that
 * location's deployment.
 *
 * @example
 * ```ts
 * const fleet = new jod.RecorderFleet("recorders", {
 *   domain: "meet.example.com",
 *   duration: 4,
 *   recorders: { lon: 2, nyc: 1 },
 * });
 * export const ips = fleet.allIps;
 * ```
 */
export class RecorderFleet extends pulumi.ComponentResource {
  /** The deployments, by location. */
  readonly deployments: Partial<Record<Location, RecorderDeployment>>;
  /** Recorder IPs by location. */
  readonly ipsByLocation: pulumi.Output<Partial<Record<Location, string[]>>>;
  /** Every recorder IP of the fleet. */
  readonly allIps: pulumi.Output<string[]>;
  /** How many recorders the fleet runs. */
  readonly totalRecorders: number;
  /**
   * Recorders × duration over all locations: what deploying the whole fleet buys. Preview and
   * up also log it, with the estimated cost when `jod:pricePerRecorderHour` is set.
   */
  readonly totalRecorderHours: pulumi.Output<number>;
  /**
   * The account balance after the fleet's deployments: the lowest JOD reported, since each
   * deployment reports the balance left after it. Undefined when none did.
   */
  readonly balance: pulumi.Output<number | undefined>;
  /** When each location's recorders stop (ISO 8601). */
  readonly expiresAtByLocation: pulumi.Output<Partial<Record<Location, string>>>;

  constructor(name: string, args: RecorderFleetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jod:index:RecorderFleet", name, {}, opts);

    const counts = Object.entries(args.recorders);
    for (const [location, count] of counts) {
      if (!isLocation(location)) {
        throw new Error(
          `RecorderFleet ${name}: recorders has an unknown location "${location}"; use one of ${LOCATION_CODES.join(", ")}`,
        );
      }
      // An unset count (e.g. `cfg.getNumber("nyc")` with nothing configured) means none there.
      if (count === undefined) continue;
      if (!Number.isInteger(count) || count < 0) {
        throw new Error(
          `RecorderFleet ${name}: recorders.${location} must be a whole number of recorders (0 or more), got ${String(count)}`,
        );
      }
    }

    this.deployments = {};
    for (const location of LOCATION_CODES) {
      const count = args.recorders[location] ?? 0;
      if (count === 0) continue;
      this.deployments[location] = new RecorderDeployment(
        `${name}-${location}`,
        {
          domain: args.domain,
          recorders: count,
          duration: args.duration,
          location,
          timeoutSeconds: args.timeoutSeconds,
          callbackUrl: args.callbackUrl,
        },
        { parent: this },
      );
    }

    const entries = Object.entries(this.deployments) as [Location, RecorderDeployment][];
    this.ipsByLocation = pulumi
      .all(entries.map(([, deployment]) => deployment.recorderIps))
      .apply((ips) => Object.fromEntries(entries.map(([location], i) => [location, ips[i]])));
    this.allIps = this.ipsByLocation.apply((byLocation) => Object.values(byLocation).flat());
    this.expiresAtByLocation = pulumi
      .all(entries.map(([, deployment]) => deployment.expiresAt))
      .apply((times) => Object.fromEntries(entries.map(([location], i) => [location, times[i]])));
    this.balance = pulumi.all(entries.map(([, deployment]) => deployment.balance)).apply((all) => {
      const reported = all.filter((value): value is number => typeof value === "number");
      return reported.length > 0 ? Math.min(...reported) : undefined;
    });
    this.totalRecorders = counts.reduce((sum, [, count]) => sum + (count ?? 0), 0);
    const price = pricePerRecorderHour();
    this.totalRecorderHours = pulumi.output(args.duration).apply((duration) => {
      const hours = this.totalRecorders * duration;
      pulumi.log.info(
        `RecorderFleet ${name}: ${this.totalRecorders} recorder(s) × ${duration} h = ${hours} ` +
          `recorder-hours in all${estimatedCost(hours, price)}`,
        this,
      );
      return hours;
    });

    this.registerOutputs({
      ipsByLocation: this.ipsByLocation,
      allIps: this.allIps,
      totalRecorders: this.totalRecorders,
      totalRecorderHours: this.totalRecorderHours,
      balance: this.balance,
      expiresAtByLocation: this.expiresAtByLocation,
    });
  }
}

/** `jod:pricePerRecorderHour` (or its env fallback) as the provider reads it; invalid is unset. */
function pricePerRecorderHour(): number | undefined {
  const raw =
    new pulumi.Config("jod").get("pricePerRecorderHour") ??
    (process.env.JOD_PRICE_PER_RECORDER_HOUR || undefined);
  return validatePricePerRecorderHour(raw) === undefined
    ? parsePricePerRecorderHour(raw)
    : undefined;
}
