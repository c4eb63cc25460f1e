import {
  expectBoolean,
  expectNonNegativeInteger,
  expectObject,
  InvalidInputError,
} from "./input-validation";

/**
 * The callback modes a test can ask for:
 * - `success`: the normal callback (a failure one if the location is full);
 * - `failure`: the failure callback, whatever the capacity (and the charge is refunded);
 * - `duplicate`: the same callback POSTed twice;
 * - `drop`: no callback at all (the deployment still happens);
 * - `wrong-deployment-id`: a success callback whose `deployment_id` is not the one answered.
 *
 * @example
 * ```ts
 * CALLBACK_MODES.includes("drop"); // true
 * ```
 */
export const CALLBACK_MODES = [
  "success",
  "failure",
  "duplicate",
  "drop",
  "wrong-deployment-id",
] as const;

/**
 * One of `CALLBACK_MODES`.
 *
 * @example
 * ```ts
 * const mode: CallbackMode = "duplicate";
 * ```
 */
export type CallbackMode = (typeof CALLBACK_MODES)[number];

/**
 * The faults currently injected. The `...Next` counters apply to the next N deploy requests,
 * one fault per request, and count down to 0.
 *
 * @example
 * ```ts
 * const faults: EmulatorFaults = { ...NO_FAULTS, maintenance: true };
 * ```
 */
export interface EmulatorFaults {
  /** Every deploy request answers 503 while true. */
  maintenance: boolean;
  /** The next N deploy requests answer 503. */
  unavailableNext: number;
  /** The next N deploy requests answer 500 without deploying. */
  serverErrorNext: number;
  /** The next N deploy requests that would deploy do deploy, then answer 500 ("maybe deployed"). */
  serverErrorAfterDeployNext: number;
  /**
   * The next N deploy requests that would deploy do deploy (and charge), then answer 503 with
   * an HTML page, as a proxy in front of JOD would after passing the request on.
   */
  proxyUnavailableAfterDeployNext: number;
  /** The next N deploy requests answer 200 `{ it: "failed" }` without deploying. */
  failedNext: number;
  /** The next N deploy requests answer 502 with an HTML page, as a proxy would. */
  htmlNext: number;
  /** The next N deploy requests answer 200 with a cut-off JSON body, without deploying. */
  truncatedNext: number;
  /** Delay before every deploy answer. A deployment is created before the delay. */
  responseDelayMs: number;
  /** Overrides the emulator's `callbackDelayMs` while set. */
  callbackDelayMs?: number;
  /** How the callback of each new deployment behaves. */
  callbackMode: CallbackMode;
  /** Deliver the callback, and wait for it, before answering the deploy request. */
  callbackBeforeResponse: boolean;
}

/**
 * A partial set of faults, merged into the current ones.
 *
 * @example
 * ```ts
 * const settings: FaultSettings = { htmlNext: 1, responseDelayMs: 100 };
 * ```
 */
export type FaultSettings = Partial<EmulatorFaults>;

/**
 * A fault that replaces the normal handling of one deploy request.
 *
 * @example
 * ```ts
 * const fault: RequestFault = "truncated";
 * ```
 */
export type RequestFault =
  | "maintenance"
  | "unavailable"
  | "server-error"
  | "html"
  | "truncated"
  | "failed";

/**
 * A fault that replaces the answer to a deploy request that did deploy (and charge).
 *
 * @example
 * ```ts
 * const fault: AfterDeployFault = "proxy-unavailable";
 * ```
 */
export type AfterDeployFault = "server-error" | "proxy-unavailable";

// Checked in this order; a deploying request consumes at most one of them.
const AFTER_DEPLOY_FAULT_COUNTERS = [
  ["serverErrorAfterDeployNext", "server-error"],
  ["proxyUnavailableAfterDeployNext", "proxy-unavailable"],
] as const;

/**
 * The state with no fault injected.
 *
 * @example
 * ```ts
 * new FaultInjector().current(); // equals NO_FAULTS
 * ```
 */
export const NO_FAULTS: Readonly<EmulatorFaults> = Object.freeze({
  maintenance: false,
  unavailableNext: 0,
  serverErrorNext: 0,
  serverErrorAfterDeployNext: 0,
  proxyUnavailableAfterDeployNext: 0,
  failedNext: 0,
  htmlNext: 0,
  truncatedNext: 0,
  responseDelayMs: 0,
  callbackMode: "success",
  callbackBeforeResponse: false,
});

const BOOLEAN_FAULTS = ["maintenance", "callbackBeforeResponse"] as const;
const INTEGER_FAULTS = [
  "unavailableNext",
  "serverErrorNext",
  "serverErrorAfterDeployNext",
  "proxyUnavailableAfterDeployNext",
  "failedNext",
  "htmlNext",
  "truncatedNext",
  "responseDelayMs",
  "callbackDelayMs",
] as const;
const FAULT_NAMES = [...BOOLEAN_FAULTS, ...INTEGER_FAULTS, "callbackMode"];

// Checked in this order; a request consumes at most one of them.
const REQUEST_FAULT_COUNTERS = [
  ["unavailableNext", "unavailable"],
  ["serverErrorNext", "server-error"],
  ["htmlNext", "html"],
  ["truncatedNext", "truncated"],
  ["failedNext", "failed"],
] as const;

/**
 * Checks fault settings given as untrusted input (admin API, in-process callers).
 *
 * @example
 * ```ts
 * parseFaultSettings({ callbackMode: "drop" }); // { callbackMode: "drop" }
 * ```
 */
export function parseFaultSettings(value: unknown): FaultSettings {
  const given = expectObject(value, "faults", FAULT_NAMES);
  const settings: FaultSettings = {};
  for (const name of BOOLEAN_FAULTS) {
    if (given[name] !== undefined) settings[name] = expectBoolean(given[name], name);
  }
  for (const name of INTEGER_FAULTS) {
    if (given[name] !== undefined) settings[name] = expectNonNegativeInteger(given[name], name);
  }
  if (given.callbackMode !== undefined) {
    const mode = given.callbackMode;
    if (!CALLBACK_MODES.some((known) => known === mode)) {
      throw new InvalidInputError(`callbackMode must be one of ${CALLBACK_MODES.join(", ")}`);
    }
    settings.callbackMode = mode as CallbackMode;
  }
  return settings;
}

/**
 * Holds the injected faults and hands them out to deploy requests one at a time.
 *
 * @example
 * ```ts
 * const faults = new FaultInjector();
 * faults.set({ htmlNext: 1 });
 * faults.takeRequestFault(); // "html"
 * faults.takeRequestFault(); // undefined
 * ```
 */
export class FaultInjector {
  private faults: EmulatorFaults = { ...NO_FAULTS };

  /** A copy of the current faults. */
  current(): EmulatorFaults {
    return { ...this.faults };
  }

  /** Merges checked settings into the current faults and returns the result. */
  set(settings: FaultSettings): EmulatorFaults {
    this.faults = { ...this.faults, ...parseFaultSettings(settings) };
    return this.current();
  }

  /** Removes every fault. */
  clear(): void {
    this.faults = { ...NO_FAULTS };
  }

  /** The fault that replaces the handling of this request, if any, counting it down. */
  takeRequestFault(): RequestFault | undefined {
    if (this.faults.maintenance) return "maintenance";
    for (const [counter, fault] of REQUEST_FAULT_COUNTERS) {
      if (this.faults[counter] > 0) {
        this.faults[counter] -= 1;
        return fault;
      }
    }
    return undefined;
  }

  /** The fault that replaces the answer of this request that deployed, if any, counting it down. */
  takeAfterDeployFault(): AfterDeployFault | undefined {
    for (const [counter, fault] of AFTER_DEPLOY_FAULT_COUNTERS) {
      if (this.faults[counter] > 0) {
        this.faults[counter] -= 1;
        return fault;
      }
    }
    return undefined;
  }
}
