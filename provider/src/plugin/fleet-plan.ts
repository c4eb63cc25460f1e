import { recorderCountProblem } from "../fleet-rules";
import { LOCATION_CODES, type Location } from "../locations";
import { UNKNOWN_VALUE } from "../runtime/recorder-deployment-provider";
import { resourceReference, type Properties } from "./properties";

/** Inputs a fleet passes to every deployment as they are. */
const SHARED_INPUTS = ["domain", "duration", "timeoutSeconds", "callbackUrl"] as const;

/** One deployment of a fleet: the child resource's name and inputs. */
export interface FleetDeploymentPlan {
  location: Location;
  /** `<fleet>-<location>`, as the TypeScript `RecorderFleet` names it. */
  name: string;
  inputs: Properties;
}

/** What a fleet's inputs ask for. */
export interface FleetPlan {
  /** In JOD's location order, one per location with a count above zero. */
  deployments: FleetDeploymentPlan[];
  totalRecorders: number;
  /** Each deployment's duration in hours; undefined while it is unknown (preview). */
  hours: number | undefined;
}

/**
 * The deployments of the fleet `name` (the TypeScript `RecorderFleet`'s rules: fleet-rules.ts).
 * Every count is checked before any deployment is registered, and every problem named at once.
 */
export function planFleet(name: string, inputs: Properties): FleetPlan {
  const { recorders } = inputs;
  if (typeof recorders !== "object" || recorders === null || Array.isArray(recorders)) {
    throw new Error(
      `RecorderFleet ${name}: recorders must be a map of location to count, such as {lon: 2}, ` +
        "known when the program runs (stack config, not another resource's output)",
    );
  }
  const counts = recorders as Record<string, unknown>;
  const problems = Object.entries(counts)
    .map(([location, count]) => [location, recorderCountProblem(location, count ?? 0)])
    .filter(([, problem]) => problem !== undefined)
    .map(([location, problem]) => `recorders.${location} ${problem}`);
  if (problems.length > 0) throw new Error(`RecorderFleet ${name}: ${problems.join("; ")}`);

  const shared: Properties = {};
  for (const key of SHARED_INPUTS) if (inputs[key] !== undefined) shared[key] = inputs[key];
  const deployments = LOCATION_CODES.filter(
    (location) => ((counts[location] as number) ?? 0) > 0,
  ).map((location) => ({
    location,
    name: `${name}-${location}`,
    inputs: { ...shared, recorders: counts[location], location },
  }));
  const totalRecorders = deployments.reduce((sum, d) => sum + (d.inputs.recorders as number), 0);
  const { duration } = inputs;
  return {
    deployments,
    totalRecorders,
    hours: typeof duration === "number" ? duration : undefined,
  };
}

/** One deployment the engine registered: its URN, id and outputs (partial in a preview). */
export interface RegisteredDeployment {
  location: Location;
  urn: string;
  id: string;
  outputs: Properties;
}

/**
 * The fleet's outputs, as the TypeScript `RecorderFleet` computes them, from its deployments'.
 * In a preview the deployments' outputs are not known yet: those derived from them are unknown.
 */
export function fleetOutputs(
  plan: FleetPlan,
  registered: RegisteredDeployment[],
  version: string,
): Properties {
  const byLocation = (key: string): Record<string, unknown> | typeof UNKNOWN_VALUE => {
    const values = registered.map(({ location, outputs }) => [location, outputs[key]] as const);
    const unknown = values.some(([, value]) => value === undefined || value === UNKNOWN_VALUE);
    return unknown ? UNKNOWN_VALUE : Object.fromEntries(values);
  };
  const ipsByLocation = byLocation("recorderIps");
  const balances = registered.map(({ outputs }) => outputs.balance);
  const balancesKnown =
    balances.every((value) => value !== UNKNOWN_VALUE) &&
    registered.every(({ outputs }) => outputs.status !== undefined);
  const reported = balances.filter((value): value is number => typeof value === "number");
  return {
    ipsByLocation,
    allIps:
      ipsByLocation === UNKNOWN_VALUE
        ? UNKNOWN_VALUE
        : Object.values(ipsByLocation as Record<string, string[]>).flat(),
    totalRecorders: plan.totalRecorders,
    totalRecorderHours: plan.hours === undefined ? UNKNOWN_VALUE : plan.totalRecorders * plan.hours,
    balance: !balancesKnown
      ? UNKNOWN_VALUE
      : reported.length > 0
        ? Math.min(...reported)
        : undefined,
    expiresAtByLocation: byLocation("expiresAt"),
    deployments: registered.map(({ urn, id }) =>
      resourceReference(urn, id === "" ? UNKNOWN_VALUE : id, version),
    ),
  };
}
