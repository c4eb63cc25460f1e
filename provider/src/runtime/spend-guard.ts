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
}

/**
 * What a deployment buys: where it goes (`in lon for meet.example.com`), its recorder-hours, and
 * `12 recorder-hours (3 recorder(s) × 4 h)` plus the estimated cost when the price is known.
 */
function describePurchase(
  inputs: { recorders: number; duration: number; location?: unknown; domain?: unknown },
  settings: SpendSettings,
): { where: string; hours: number; buys: string } {
  const { recorders, duration } = inputs;
  const hours = recorders * duration;
  return {
    where: `in ${String(inputs.location)} for ${String(inputs.domain)}`,
    hours,
    buys:
      `${hours} recorder-hours (${recorders} recorder(s) × ${duration} h)` +
      estimatedCost(hours, settings.pricePerRecorderHour),
  };
}

function ofCeiling(total: number, settings: SpendSettings): string {
  return settings.maxRecorderHours === "none"
    ? `${total} recorder-hours (no ceiling: ${CEILING_KEY} is none)`
    : `${total} of the ${settings.maxRecorderHours} recorder-hours ${CEILING_KEY} allows`;
}

/**
 * Why buying `purchase`, which makes `total` for `run`, is refused over the ceiling. Names the
 * figures, the config key and how to raise it.
 */
function refusal(
  purchase: ReturnType<typeof describePurchase>,
  settings: SpendSettings,
  total: number,
  run: string,
): string {
  const sum =
    purchase.hours === total
      ? ""
      : ` and brings ${run} to ${total} recorder-hours` +
        estimatedCost(total, settings.pricePerRecorderHour);
  return (
    `${CEILING_KEY} is ${settings.maxRecorderHours} recorder-hours, and the deployment ` +
    `${purchase.where} buys ${purchase.buys}${sum}, over that ceiling. Nothing was sent to JOD. ` +
    RAISE_ADVICE
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
  if (Object.keys(olds).length > 0 || (result.failures ?? []).length > 0) return result;
  const reason = planAndLog(context, news, "new deployment");
  return reason === undefined ? result : { ...result, failures: [{ property: "", reason }] };
}

/** After diff: a replacement states what it buys and joins the tally; throws over the ceiling. */
export function diffSpend(
  context: SpendContext,
  news: Record<string, unknown>,
  result: pulumi.dynamic.DiffResult,
): pulumi.dynamic.DiffResult {
  if ((result.replaces ?? []).length === 0) return result;
  const reason = planAndLog(context, news, "replacement");
  if (reason !== undefined) throw new JodSpendLimitError(reason);
  return result;
}

/** Plans what `inputs` buy, unless preview does not know its recorders or hours yet. */
function planAndLog(
  context: SpendContext,
  inputs: Record<string, unknown>,
  what: string,
): string | undefined {
  const { recorders, duration } = inputs;
  if (typeof recorders !== "number" || typeof duration !== "number") return undefined;
  const { settings } = context;
  const purchase = describePurchase({ ...inputs, recorders, duration }, settings);
  const { total, changed } = context.spendTally.plan(tallyKey(inputs), purchase.hours);
  if (changed) {
    context.log(
      `${what} ${purchase.where}: buys ${purchase.buys}; new deployments in this ` +
        `preview/update so far: ${ofCeiling(total, settings)}`,
    );
  }
  const ceiling = settings.maxRecorderHours;
  if (ceiling === "none" || total <= ceiling) return undefined;
  return refusal(purchase, settings, total, "this preview/update's new deployments");
}

/**
 * Reserves a create's recorder-hours, or throws before anything is posted when they would take
 * this update over the ceiling. The caller releases the reservation when JOD certainly deployed
 * nothing ({@link deployedNothing}); anything that may be paid for stays counted.
 */
export function reserveSpend(context: SpendContext, inputs: DeploymentInputs): () => void {
  const { settings } = context;
  const purchase = describePurchase(inputs, settings);
  const reservation = context.spendTally.reserve(purchase.hours, settings.maxRecorderHours);
  if (!reservation.ok) {
    throw new JodSpendLimitError(
      refusal(purchase, settings, reservation.total, "this update's deployments"),
    );
  }
  context.log(
    `deployment ${purchase.where}: buying ${purchase.buys}; ` +
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
