import { constants } from "node:os";

/** The signals that stop a provider process: Ctrl-C, and what supervisors and CI runners send. */
export const INTERRUPT_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** One of {@link INTERRUPT_SIGNALS}. */
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/**
 * After a signal, how long waiting creates get to hand what they know to the engine before the
 * process exits. A second signal exits at once.
 */
export const INTERRUPT_EXIT_DELAY_MS = 2_000;

/** The longest the exit waits for POSTs already at JOD: the client's request timeout. */
export const INTERRUPT_POST_GRACE_MS = 30_000;

/** The part of `process` the guard uses; tests pass a fake. */
export interface SignalTarget {
  on(signal: InterruptSignal, listener: (signal: InterruptSignal) => void): unknown;
  exit(code: number): void;
}

/** What a plugin host's cancellation (the engine's Cancel call) reads as in messages. */
export const ENGINE_CANCEL = "the engine's Cancel";

/** The abort reason of a create that was waiting when the process received a signal. */
export class ProcessInterrupted extends Error {
  constructor(readonly signal: InterruptSignal | typeof ENGINE_CANCEL) {
    super(`the provider process received ${signal}`);
    this.name = "ProcessInterrupted";
  }
}

/** A create's registration with the guard, from before it posts to JOD until it returns. */
export interface InterruptionWatch {
  /** Aborts with a {@link ProcessInterrupted} reason when the process receives a signal. */
  readonly signal: AbortSignal;
  /** Stops watching. */
  end(): void;
}

/** How long the engine's orderly close may take to note what it holds: it kills at 5 s. */
export const ORDERLY_CLOSE_MS = 3_000;

/**
 * Watches for SIGINT and SIGTERM. The default reaction (exit at once) would drop the answers of
 * waiting creates to the engine, so a deployment JOD accepted and charged for would be missing
 * from the stack. Instead the guard logs what was waiting, aborts the creates so that each
 * returns what it knows (a partial create with the JOD deployment id), and exits shortly after.
 *
 * A SIGINT while nothing waits is the engine's orderly close: it closes a plugin only once every
 * step's result is checkpointed, so `onOrderlyClose` may note that the engine holds what this
 * process handed over before the process exits. Without a `target` (unit tests, other hosts),
 * nothing is ever interrupted.
 */
export function createInterruptionGuard(options: {
  target?: SignalTarget;
  log: (message: string) => void;
  exitDelayMs?: number;
  /**
   * Whether a POST is at JOD without its answer: the exit waits for it (bounded), so that
   * the answer is journaled and handed over instead of leaving the deployment unconfirmed.
   */
  postsInFlight?: () => boolean;
  onOrderlyClose?: () => Promise<void>;
  /**
   * A plugin host's cancellation: waiting creates hand over what they know, as on a signal, but
   * the process keeps serving (the engine still collects their answers and closes it later).
   */
  cancelled?: AbortSignal;
}): { watch(describe: () => string): InterruptionWatch } {
  const {
    target,
    log,
    exitDelayMs = INTERRUPT_EXIT_DELAY_MS,
    postsInFlight,
    onOrderlyClose,
    cancelled,
  } = options;
  if (!target) {
    return { watch: () => ({ signal: new AbortController().signal, end: () => {} }) };
  }
  const waiting = new Map<AbortController, () => string>();
  let received: InterruptSignal | undefined;

  const exitCode = (signal: InterruptSignal) => 128 + constants.signals[signal];
  const onSignal = (signal: InterruptSignal): void => {
    if (received) {
      target.exit(exitCode(signal));
      return;
    }
    received = signal;
    if (waiting.size === 0 && postsInFlight?.() !== true) {
      const closing = signal === "SIGINT" ? onOrderlyClose?.() : undefined;
      const exit = () => target.exit(exitCode(signal));
      setTimeout(exit, ORDERLY_CLOSE_MS).unref();
      void Promise.resolve(closing)
        .catch(() => undefined)
        .then(exit);
      return;
    }
    const descriptions = [...waiting.values()].map((describe) => describe());
    log(
      `received ${signal} while ${descriptions.length} deployment(s) waited on JOD: ` +
        `${descriptions.join("; ")}. Each is handed to Pulumi as it stands (see the errors), ` +
        "then this provider exits. If Pulumi cannot record one (a `pulumi up` stopped by a " +
        "second Ctrl-C leaves it as a pending create), the deployment journal has it: the next " +
        "`pulumi up` adopts it instead of deploying again.",
    );
    for (const controller of [...waiting.keys()]) controller.abort(new ProcessInterrupted(signal));
    const started = Date.now();
    const exitWhenAnswered = () => {
      const elapsed = Date.now() - started;
      const busy = postsInFlight?.() === true && elapsed < INTERRUPT_POST_GRACE_MS;
      if (busy || elapsed < exitDelayMs) setTimeout(exitWhenAnswered, 100).unref();
      else target.exit(exitCode(signal));
    };
    setTimeout(exitWhenAnswered, Math.min(100, exitDelayMs)).unref();
  };
  for (const signal of INTERRUPT_SIGNALS) target.on(signal, onSignal);
  cancelled?.addEventListener("abort", () => {
    for (const controller of [...waiting.keys()]) {
      controller.abort(new ProcessInterrupted(ENGINE_CANCEL));
    }
  });

  return {
    watch(describe) {
      const controller = new AbortController();
      if (received) controller.abort(new ProcessInterrupted(received));
      else if (cancelled?.aborted) controller.abort(new ProcessInterrupted(ENGINE_CANCEL));
      else waiting.set(controller, describe);
      return { signal: controller.signal, end: () => waiting.delete(controller) };
    },
  };
}
