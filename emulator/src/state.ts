import { AccountBook } from "./account-book";
import { CallbackSender } from "./callback-sender";
import { DeploymentLedger } from "./deployment-ledger";
import { FaultInjector } from "./faults";
import {
  resolveEmulatorOptions,
  type EmulatorOptions,
  type ResolvedEmulatorOptions,
} from "./options";
import { RequestLog } from "./request-log";
import { TimerRegistry } from "./timer-registry";

/**
 * What `reset` should also forget.
 *
 * @example
 * ```ts
 * emulator.reset({ accounts: true });
 * ```
 */
export interface ResetOptions {
  /**
   * Also restore the accounts given at start, with their starting balances, and drop the
   * ones added since. Default `false`: accounts and balances are kept as they are.
   */
  accounts?: boolean;
}

/**
 * Everything one emulator knows: options, accounts, recorded requests, deployments, faults,
 * and the pending timers. The express app and the admin API are views over it.
 *
 * @example
 * ```ts
 * const state = createEmulatorState({ accounts: [{ apiKey: "JOD-1", balance: 5, domains: ["meet.example.com"] }] });
 * const app = createEmulatorApp(state);
 * ```
 */
export class EmulatorState {
  readonly accounts: AccountBook;
  readonly requests = new RequestLog();
  readonly deployments: DeploymentLedger;
  readonly faults = new FaultInjector();
  readonly callbacks: CallbackSender;
  /** Timers of delayed answers (`responseDelayMs`), cancelled on shutdown. */
  readonly responseTimers = new TimerRegistry();

  constructor(readonly options: ResolvedEmulatorOptions) {
    this.accounts = new AccountBook(options.accounts);
    this.deployments = new DeploymentLedger(options.capacity);
    this.callbacks = new CallbackSender(this.deployments, options.log);
  }

  /** Writes one line to the configured log. */
  log(line: string): void {
    this.options.log(line);
  }

  /**
   * Clears requests, deployments (freeing capacity) and faults, and cancels pending callbacks.
   * Balances already charged stay charged unless `accounts` is set.
   */
  reset({ accounts = false }: ResetOptions = {}): void {
    this.callbacks.cancelAll();
    this.requests.clear();
    this.deployments.clear();
    this.faults.clear();
    if (accounts) this.accounts.restoreInitial();
  }

  /** Cancels every pending timer and callback, for closing the server. */
  shutdown(): void {
    this.callbacks.cancelAll();
    this.responseTimers.cancelAll();
  }
}

/**
 * Checks the options and builds a fresh state, for `createEmulatorApp`.
 *
 * @example
 * ```ts
 * const state = createEmulatorState({ pricePerRecorderHour: 0.5 });
 * state.options.pricePerRecorderHour; // 0.5
 * ```
 */
export function createEmulatorState(options: EmulatorOptions = {}): EmulatorState {
  return new EmulatorState(resolveEmulatorOptions(options));
}
