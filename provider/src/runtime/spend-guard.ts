import type * as pulumi from "@pulumi/pulumi";
import type { DeploymentInputs } from "../deployment-state";
import { JodError } from "../errors";
import { estimatedCost, SETTING_KEYS, type SpendSettings } from "../settings";

const CEILING_KEY = SETTING_KEYS.maxRecorderHours.config;
const RAISE_ADVICE =
  `If that is intended, raise the ceiling with \`pulumi config set ${CEILING_KEY} <n>\` ` +
  `(or \`none\` to turn it off), or set ${SETTING_KEYS.maxRecorderHours.env}.`;

// JOD charges recorders × hours from a prepaid balance, and a typo (280 recorders for 28, 30 h
// for 3) costs real money. One provider process serves one whole preview or update, so a tally
// in the process can state what this run buys and refuse it past a ceiling before anything is
// posted.

/** `12 recorder-hours (3 recorders × 4 h)`, plus the estimated cost when the price is known. */
export function describeSpend(
  recorders: number,
  duration: number,
  pricePerRecorderHour?: number,
): string {
  return (
    `${recorders * duration} recorder-hours (${recorders} recorder(s) × ${duration} h)` +
    estimatedCost(recorders * duration, pricePerRecorderHour)
  );
}

/**
 * Which resource a check or diff is about, so that calling check twice for one resource counts
 * it once. The hidden `__jodIdentity` input names the resource when the program passes one;
 * otherwise the dynamic provider is not told the resource's name, and the key is made from the
 * inputs, so two deployments with identical inputs count once in the preview tally (create
 * still counts every deployment it posts, so `pulumi up` enforces the ceiling exactly).
 */
export function tallyKey(inputs: Record<string, unknown>): string {
  const identity = inputs.__jodIdentity;
  if (typeof identity === "string" && identity !== "") return identity;
  const { domain, location, recorders, duration, callbackUrl, timeoutSeconds } = inputs;
  return JSON.stringify({ domain, location, recorders, duration, callbackUrl, timeoutSeconds });
}

/**
 * The recorder-hours this provider process has seen its preview or update buy. `planned` is
 * what check and diff announced (keyed, so repeated calls count once); `reserved` is what create
 * committed to before posting, released only when JOD certainly deployed nothing.
 */
export class SpendTally {
  private readonly planned = new Map<string, number>();
  private reservedHours = 0;

  /** Records what a resource will buy; tells whether the figure is new for this key. */
  plan(key: string, recorderHours: number): { total: number; changed: boolean } {
    const changed = this.planned.get(key) !== recorderHours;
    this.planned.set(key, recorderHours);
    const total = [...this.planned.values()].reduce((sum, hours) => sum + hours, 0);
    return { total, changed };
  }

  /**
   * Commits `recorderHours` unless that takes the reserved total over `ceiling`. Synchronous, so
   * concurrent creates in the one process cannot both pass the check.
   */
  reserve(
    recorderHours: number,
    ceiling: number | "none",
  ): { ok: true; total: number; release: () => void } | { ok: false; total: number } {
    const total = this.reservedHours + recorderHours;
    if (ceiling !== "none" && total > ceiling) return { ok: false, total };
    this.reservedHours = total;
    let released = false;
    const release = () => {
      if (!released) this.reservedHours -= recorderHours;
      released = true;
    };
    return { ok: true, total, release };
  }

  reserved(): number {
    return this.reservedHours;
  }
}

/** The recorders and hours of inputs, when both are known (not preview's unknown value). */
function figures(inputs: Record<string, unknown>): { recorders: number; duration: number } | null {
  const { recorders, duration } = inputs;
  if (typeof recorders !== "number" || typeof duration !== "number") return null;
  return { recorders, duration };
}

function where(inputs: Record<string, unknown>): string {
  return `in ${String(inputs.location)} for ${String(inputs.domain)}`;
}

function ofCeiling(total: number, settings: SpendSettings): string {
  return settings.maxRecorderHours === "none"
    ? `${total} recorder-hours (no ceiling: ${CEILING_KEY} is none)`
    : `${total} of the ${settings.maxRecorderHours} recorder-hours ${CEILING_KEY} allows`;
}

/**
 * Why buying `recorderHours` (making `total` for this run) is refused, or undefined. Names the
 * figures, the config key and how to raise it.
 */
function refusal(
  inputs: Record<string, unknown>,
  settings: SpendSettings,
  total: number,
  when: string,
): string | undefined {
  const ceiling = settings.maxRecorderHours;
  const found = figures(inputs);
  if (ceiling === "none" || found === null || total <= ceiling) return undefined;
  const { recorders, duration } = found;
  const hours = recorders * duration;
  const bought = describeSpend(recorders, duration, settings.pricePerRecorderHour);
  const sum =
    hours === total
      ? ""
      : ` and brings ${when} to ${total} recorder-hours` +
        estimatedCost(total, settings.pricePerRecorderHour);
  return (
    `${CEILING_KEY} is ${ceiling} recorder-hours, and the deployment ${where(inputs)} buys ` +
    `${bought}${sum}, over that ceiling. Nothing was sent to JOD. ${RAISE_ADVICE}`
  );
}

/** The spend ceiling, as a JodError for diff and create to throw. */
export class JodSpendLimitError extends JodError {
  constructor(reason: string) {
    super(`Refused: ${reason}`, { code: "SPEND_LIMIT", mayHaveDeployed: false });
  }
}

/** What the guard reads from the provider, within one process. */
export interface SpendContext {
  settings: SpendSettings;
  spendTally: SpendTally;
  log: (message: string) => void;
}

/**
 * After check: a new resource (empty `olds`) with valid inputs states what it buys and joins the
 * tally; it fails when it, or this run's new deployments together, exceed the ceiling.
 */
export function checkSpend(
  context: SpendContext,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  result: pulumi.dynamic.CheckResult,
): pulumi.dynamic.CheckResult {
  const found = figures(news);
  const isNew = Object.keys(olds).length === 0;
  if (!isNew || found === null || (result.failures ?? []).length > 0) return result;
  const reason = planAndLog(context, news, "new deployment");
  if (reason === undefined) return result;
  return { ...result, failures: [...(result.failures ?? []), { property: "", reason }] };
}

/** After diff: a replacement states what it buys and joins the tally; throws over the ceiling. */
export function diffSpend(
  context: SpendContext,
  news: Record<string, unknown>,
  result: pulumi.dynamic.DiffResult,
): pulumi.dynamic.DiffResult {
  if ((result.replaces ?? []).length === 0 || figures(news) === null) return result;
  const reason = planAndLog(context, news, "replacement");
  if (reason !== undefined) throw new JodSpendLimitError(reason);
  return result;
}

function planAndLog(
  context: SpendContext,
  inputs: Record<string, unknown>,
  what: string,
): string | undefined {
  const { recorders, duration } = figures(inputs) as { recorders: number; duration: number };
  const { settings } = context;
  const { total, changed } = context.spendTally.plan(tallyKey(inputs), recorders * duration);
  if (changed) {
    context.log(
      `${what} ${where(inputs)}: buys ` +
        `${describeSpend(recorders, duration, settings.pricePerRecorderHour)}; new deployments ` +
        `in this preview/update so far: ${ofCeiling(total, settings)}`,
    );
  }
  return refusal(inputs, settings, total, "this preview/update's new deployments");
}

/**
 * Reserves a create's recorder-hours, or throws before anything is posted when they would take
 * this update over the ceiling. The caller releases the reservation when JOD certainly deployed
 * nothing ({@link deployedNothing}); anything that may be paid for stays counted.
 */
export function reserveSpend(context: SpendContext, inputs: DeploymentInputs): () => void {
  const { settings } = context;
  const hours = inputs.recorders * inputs.duration;
  const reservation = context.spendTally.reserve(hours, settings.maxRecorderHours);
  if (!reservation.ok) {
    const reason = refusal({ ...inputs }, settings, reservation.total, "this update's deployments");
    throw new JodSpendLimitError(reason ?? `${CEILING_KEY} is ${settings.maxRecorderHours}.`);
  }
  context.log(
    `deployment ${where({ ...inputs })}: buying ` +
      `${describeSpend(inputs.recorders, inputs.duration, settings.pricePerRecorderHour)}; ` +
      `this update so far: ${ofCeiling(reservation.total, settings)}`,
  );
  return reservation.release;
}

/** JOD refused or never got the request. A failure callback may not be refunded: it stays. */
export function deployedNothing(error: Error): boolean {
  return error instanceof JodError
    ? !error.mayHaveDeployed && error.code !== "DEPLOYMENT_FAILED"
    : true;
}
