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

/**
 * The longest the exit waits for creates still running: JOD's answer to a POST already sent
 * (the client's request timeout, 30 s), then its journal write and the hand-over.
 */
export const INTERRUPT_CREATE_GRACE_MS = 40_000;

/** How long no create must have run before the process exits: their answers reach the engine. */
const HAND_OVER_FLUSH_MS = 250;

/** The part of `process` the guard uses; tests pass a fake. */
export interface SignalTarget {
  on(signal: InterruptSignal, listener: (signal: InterruptSignal) => void): unknown;
  exit(code: number): void;
}

/** What a plugin host's cancellation (the engine's Cancel call) reads as in messages. */
export const ENGINE_CANCEL = "the engine's Cancel";

/** What the engine's disappearance (see `orphan-watch.ts`) reads as in messages. */
export const ENGINE_GONE = "word that its engine is gone";

/** The abort reason of a create that was waiting when the process received a signal. */
export class ProcessInterrupted extends Error {
  constructor(readonly signal: InterruptSignal | typeof ENGINE_CANCEL | typeof ENGINE_GONE) {
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

/**
 * Watches for SIGINT and SIGTERM. The default reaction (exit at once) would drop the answers of
 * running creates to the engine, so a deployment JOD accepted and charged for would be missing
 * from the stack. Instead the guard logs what was waiting, aborts the creates so that each
 * returns what it knows (a partial create with the JOD deployment id), and exits once every
 * create has returned (bounded by {@link INTERRUPT_CREATE_GRACE_MS}). A signal says nothing
 * about what the engine recorded, so nothing is concluded from it. Without a `target` (unit
 * tests, other hosts), nothing is ever interrupted.
 */
export function createInterruptionGuard(options: {
  target?: SignalTarget;
  log: (message: string) => void;
  exitDelayMs?: number;
  /**
   * Whether a create is still running: one that may have bought counts until it has returned
   * its result (after JOD's answer and its journal write), and the exit waits for it.
   */
  createsRunning?: () => boolean;
  /**
   * A plugin host's cancellation: waiting creates hand over what they know, as on a signal, but
   * the process keeps serving (the engine still collects their answers and closes it later).
   */
  cancelled?: AbortSignal;
}): {
  watch(describe: () => string): InterruptionWatch;
  /** Makes every waiting create return what it knows now, without a signal (`reason`). */
  interrupt(reason: ProcessInterrupted): void;
} {
  const {
    target,
    log,
    exitDelayMs = INTERRUPT_EXIT_DELAY_MS,
    createsRunning = () => false,
    cancelled,
  } = options;
  if (!target) {
    return {
      watch: () => ({ signal: new AbortController().signal, end: () => {} }),
      interrupt: () => {},
    };
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
    // The engine's close after a run: nothing to hand over, so nothing to wait for.
    if (waiting.size === 0 && !createsRunning()) {
      target.exit(exitCode(signal));
      return;
    }
    const descriptions = [...waiting.values()].map((describe) => describe());
    if (descriptions.length > 0) {
      log(
        `received ${signal} while ${descriptions.length} deployment(s) waited on JOD: ` +
          `${descriptions.join("; ")}. Each is handed to Pulumi as it stands (see the errors), ` +
          "then this provider exits. If Pulumi cannot record one (a `pulumi up` stopped by a " +
          "second Ctrl-C leaves it as a pending create), the deployment journal has it: the next " +
          "`pulumi up` adopts it instead of deploying again.",
      );
    }
    for (const controller of [...waiting.keys()]) controller.abort(new ProcessInterrupted(signal));
    const started = Date.now();
    let quietSince: number | undefined;
    const exitWhenHandedOver = () => {
      const now = Date.now();
      if (createsRunning()) quietSince = undefined;
      else quietSince ??= now;
      const handedOver = quietSince !== undefined && now - quietSince >= HAND_OVER_FLUSH_MS;
      const settled =
        (handedOver && now - started >= exitDelayMs) || now - started >= INTERRUPT_CREATE_GRACE_MS;
      if (settled) target.exit(exitCode(signal));
      else setTimeout(exitWhenHandedOver, 50).unref();
    };
    setTimeout(exitWhenHandedOver, 50).unref();
  };
  for (const signal of INTERRUPT_SIGNALS) target.on(signal, onSignal);
  const interrupt = (reason: ProcessInterrupted) => {
    for (const controller of [...waiting.keys()]) controller.abort(reason);
  };
  cancelled?.addEventListener("abort", () => interrupt(new ProcessInterrupted(ENGINE_CANCEL)));

  return {
    interrupt,
    watch(describe) {
      const controller = new AbortController();
      if (received) controller.abort(new ProcessInterrupted(received));
      else if (cancelled?.aborted) controller.abort(new ProcessInterrupted(ENGINE_CANCEL));
      else waiting.set(controller, describe);
      return { signal: controller.signal, end: () => waiting.delete(controller) };
    },
  };
}
