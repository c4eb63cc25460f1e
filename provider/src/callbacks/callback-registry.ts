import { randomBytes } from "node:crypto";
import { CallbackOutcome, parseCallbackBody } from "../parse-jod";

/** Where JOD posts callbacks: `${publicUrl}${CALLBACK_PATH_PREFIX}/${token}`. */
export const CALLBACK_PATH_PREFIX = "/jod/callback";

/** How the registry answered one callback request. */
export type DeliveryResult =
  | "accepted"
  | "buffered"
  | "duplicate"
  | "unknown-token"
  | "invalid-body"
  | "wrong-deployment";

/** Why a wait ended without a callback. */
export class CallbackWaitTimeout extends Error {
  constructor(readonly waitedMs: number) {
    super(`no callback within ${waitedMs} ms`);
    this.name = "CallbackWaitTimeout";
  }
}

/**
 * One deployment's claim on the callback endpoint: an unguessable token for its callback URL,
 * and a promise of JOD's outcome.
 */
export interface PendingCallback {
  /** 256 random bits, base64url: the last segment of the callback URL. */
  readonly token: string;
  /**
   * Records the deployment id JOD answered with. A callback for another id is refused from now
   * on, and one that arrived before (buffered) is checked against it. Without an id (JOD's
   * answer was lost), any callback for this token is taken.
   */
  expectDeployment(deploymentId?: string): void;
  /**
   * Resolves with JOD's outcome, or rejects with {@link CallbackWaitTimeout}, or with the
   * signal's reason once `signal` aborts.
   */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<CallbackOutcome>;
  /** Forgets the token; later callbacks for it are answered as unknown. */
  dispose(): void;
}

/** Which deployment a callback must be for; `null` takes any, `undefined` is not known yet. */
type Expectation = string | null | undefined;

/**
 * How many different callbacks one token keeps while JOD's HTTP answer is not in. JOD sends one;
 * a few more keep a stray or forged one (another deployment id) from shutting out the real one.
 */
export const MAX_EARLY_CALLBACKS = 8;

interface Entry {
  expected: Expectation;
  /** Valid callbacks that came before JOD's HTTP answer told us which deployment to expect. */
  early: CallbackOutcome[];
  settled?: CallbackOutcome;
  resolve?: (outcome: CallbackOutcome) => void;
}

/**
 * Matches JOD's callbacks to the creates waiting for them. Knows nothing of HTTP.
 */
export class CallbackRegistry {
  private readonly entries = new Map<string, Entry>();

  /** How many deployments are waiting or about to wait. */
  get size(): number {
    return this.entries.size;
  }

  /** @param token the channel's token when the caller derives it (the relay); random otherwise. */
  register(token = randomBytes(32).toString("base64url")): PendingCallback {
    const entry: Entry = { expected: undefined, early: [] };
    this.entries.set(token, entry);
    return {
      token,
      expectDeployment: (deploymentId) => {
        const expected = deploymentId ?? null;
        entry.expected = expected;
        const early = entry.early.find((outcome) => matches(outcome, expected));
        entry.early = [];
        if (early) this.settle(entry, early);
      },
      wait: (timeoutMs, signal) => this.wait(entry, timeoutMs, signal),
      dispose: () => {
        this.entries.delete(token);
      },
    };
  }

  /** Hands one callback body to the deployment its token belongs to. */
  deliver(token: string, body: unknown): DeliveryResult {
    const entry = this.entries.get(token);
    if (!entry) return "unknown-token";
    if (entry.settled) return "duplicate";
    const parsed = parseCallbackBody(body);
    if (!parsed.outcome) return "invalid-body";
    const outcome = parsed.outcome;
    if (entry.expected === undefined) {
      // JOD can call back before its HTTP answer reaches us: keep each different callback until
      // the answer says which deployment is ours (a repeat of one already kept is a duplicate).
      const repeat = entry.early.some((kept) => sameDeployment(kept, outcome));
      if (repeat || entry.early.length >= MAX_EARLY_CALLBACKS) return "duplicate";
      entry.early.push(outcome);
      return "buffered";
    }
    if (!matches(outcome, entry.expected)) return "wrong-deployment";
    this.settle(entry, outcome);
    return "accepted";
  }

  private settle(entry: Entry, outcome: CallbackOutcome): void {
    entry.settled = outcome;
    entry.resolve?.(outcome);
  }

  private wait(entry: Entry, timeoutMs: number, signal?: AbortSignal): Promise<CallbackOutcome> {
    if (entry.settled) return Promise.resolve(entry.settled);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<CallbackOutcome>((resolve, reject) => {
      const stop = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        entry.resolve = undefined;
      };
      const onAbort = (): void => {
        stop();
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        stop();
        reject(new CallbackWaitTimeout(timeoutMs));
      }, timeoutMs);
      // The provider's gRPC server keeps the process alive; this timer must not.
      timer.unref();
      signal?.addEventListener("abort", onAbort, { once: true });
      entry.resolve = (outcome) => {
        stop();
        resolve(outcome);
      };
    });
  }
}

/** Two callbacks about the same deployment (failures carry no id, so all of them are one). */
function sameDeployment(a: CallbackOutcome, b: CallbackOutcome): boolean {
  if (a.kind === "failure" || b.kind === "failure") return a.kind === b.kind;
  return a.deploymentId === b.deploymentId;
}

/** A failure callback carries no deployment id: its unguessable token is what ties it to us. */
function matches(outcome: CallbackOutcome, expected: string | null): boolean {
  return outcome.kind === "failure" || expected === null || outcome.deploymentId === expected;
}
