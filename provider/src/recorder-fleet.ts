import * as pulumi from "@pulumi/pulumi";
import { recorderCountProblem } from "./fleet-rules";
import { Location, LOCATION_CODES } from "./locations";
import { RecorderDeployment } from "./recorder-deployment";
import { fleetRecorderHours } from "./fleet-recorder-hours";

export { recorderCountProblem };

/** The inputs of a {@link RecorderFleet}. */
export interface RecorderFleetArgs {
  /** Your Jitsi domain as configured in JOD, such as `meet.example.com`. */
  domain: pulumi.Input<string>;
  /** How long each location's recorders run, in whole hours. */
  duration: pulumi.Input<number>;
  /**
   * How many recorders to run per location (0–10,000), e.g. `{ lon: 2, blr: 1 }`. A location
   * with 0 (or absent) has no deployment. Known when the program runs, because it decides which
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
    const { recorders, ...shared } = args;
    // Every count is checked before any deployment is registered: none may start on bad input.
    for (const [location, count] of Object.entries(recorders)) {
      // An unset count (e.g. `cfg.getNumber("nyc")` with nothing configured) means none there.
      const problem = recorderCountProblem(location, count ?? 0);
      if (problem) throw new Error(`RecorderFleet ${name}: recorders.${location} ${problem}`);
    }

    this.deployments = {};
    this.totalRecorders = 0;
    for (const location of LOCATION_CODES) {
      const count = recorders[location] ?? 0;
      if (count === 0) continue;
      this.totalRecorders += count;
      this.deployments[location] = new RecorderDeployment(
        `${name}-${location}`,
        { ...shared, recorders: count, location },
        { parent: this },
      );
    }

    /** One output of each deployment, by location. */
    const byLocation = <T>(pick: (deployment: RecorderDeployment) => pulumi.Output<T>) => {
      const outputs = Object.entries(this.deployments).map(([where, d]) => [where, pick(d)]);
      return pulumi.all(Object.fromEntries(outputs)) as pulumi.Output<Partial<Record<Location, T>>>;
    };
    this.ipsByLocation = byLocation((deployment) => deployment.recorderIps);
    this.allIps = this.ipsByLocation.apply((ips) => Object.values(ips).flat());
    this.expiresAtByLocation = byLocation((deployment) => deployment.expiresAt);
    this.balance = byLocation((deployment) => deployment.balance).apply((balances) => {
      const reported = Object.values(balances).filter((value) => typeof value === "number");
      return reported.length > 0 ? Math.min(...reported) : undefined;
    });
    this.totalRecorderHours = fleetRecorderHours(this, this.totalRecorders, args.duration);

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
