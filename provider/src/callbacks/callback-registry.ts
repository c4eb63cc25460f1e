import { createHmac, randomBytes } from "node:crypto";
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

/**
 * The token of a create's callback channel: an HMAC of a random nonce under a key only this
 * provider holds (the API key for the direct listener, the relay secret for the relay). State
 * and the journal keep only the nonce, so neither is enough to read or forge a callback, and a
 * later run with the same key finds the channel again.
 */
export function callbackToken(key: string, nonce: string): string {
  return createHmac("sha256", key).update(`pulumi-jod callback v1\n${nonce}`).digest("hex");
}

/** A fresh nonce for one create's callback channel (128 random bits, hex). */
export function newCallbackNonce(): string {
  return randomBytes(16).toString("hex");
}

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
  /** The channel's token: the last segment of the callback URL. */
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

/**
 * How many different callbacks one token keeps while JOD's HTTP answer is not in. JOD sends one;
 * a few more keep a stray or forged one (another deployment id) from shutting out the real one.
 */
export const MAX_EARLY_CALLBACKS = 8;

interface Entry {
  /** Which deployment a callback must be for; `null` takes any, `undefined` is not known yet. */
  expected?: string | null;
  /** Valid callbacks that came before JOD's HTTP answer told us which deployment to expect. */
  early: CallbackOutcome[];
  settled?: CallbackOutcome;
  /** Ends the wait in progress, if any. */
  resolve?: (outcome: CallbackOutcome) => void;
}

/** Matches JOD's callbacks to the creates waiting for them. Knows nothing of HTTP. */
export class CallbackRegistry {
  private readonly entries = new Map<string, Entry>();

  /** How many deployments are waiting or about to wait. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * @param token the channel's token, derived from its nonce (see {@link callbackToken});
   * random when not given.
   */
  register(token = randomBytes(32).toString("base64url")): PendingCallback {
    const entry: Entry = { early: [] };
    this.entries.set(token, entry);
    return {
      token,
      expectDeployment: (deploymentId) => {
        const expected = deploymentId ?? null;
        entry.expected = expected;
        const early = entry.early.find((outcome) => matches(outcome, expected));
        entry.early = [];
        if (early) settle(entry, early);
      },
      wait: (timeoutMs, signal) => wait(entry, timeoutMs, signal),
      dispose: () => this.entries.delete(token),
    };
  }

  /** Whether a create waits (or waited) on the token: only then is a callback body read. */
  isWaiting(token: string): boolean {
    return this.entries.has(token);
  }

  /**
   * Hands one callback body to the deployment its token belongs to. `onInvalid` is told why a
   * body for a known token is no valid callback (such as a recorder address no firewall should
   * open), so the wait can be explained; unknown tokens are never parsed.
   */
  deliver(token: string, body: unknown, onInvalid?: (problem: string) => void): DeliveryResult {
    const entry = this.entries.get(token);
    if (!entry) return "unknown-token";
    if (entry.settled) return "duplicate";
    const { outcome, problem } = parseCallbackBody(body);
    if (!outcome) {
      onInvalid?.(problem);
      return "invalid-body";
    }
    if (entry.expected === undefined) {
      // JOD can call back before its HTTP answer reaches us: keep each different callback until
      // the answer says which deployment is ours (a repeat of one already kept is a duplicate).
      const repeat = entry.early.some((kept) => deploymentOf(kept) === deploymentOf(outcome));
      if (repeat || entry.early.length >= MAX_EARLY_CALLBACKS) return "duplicate";
      entry.early.push(outcome);
      return "buffered";
    }
    if (!matches(outcome, entry.expected)) return "wrong-deployment";
    settle(entry, outcome);
    return "accepted";
  }
}

function settle(entry: Entry, outcome: CallbackOutcome): void {
  entry.settled = outcome;
  entry.resolve?.(outcome);
}

function wait(entry: Entry, timeoutMs: number, signal?: AbortSignal): Promise<CallbackOutcome> {
  if (entry.settled) return Promise.resolve(entry.settled);
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const end = (settle: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      settle();
    };
    const onAbort = () => end(() => reject(signal?.reason));
    const onTimeout = () => end(() => reject(new CallbackWaitTimeout(timeoutMs)));
    // The provider's gRPC server keeps the process alive; this timer must not.
    const timer = setTimeout(onTimeout, timeoutMs).unref();
    signal?.addEventListener("abort", onAbort, { once: true });
    entry.resolve = (outcome) => end(() => resolve(outcome));
  });
}

/** The deployment a callback is about; failures carry no id, so all of them are one. */
function deploymentOf(outcome: CallbackOutcome): string | undefined {
  return outcome.kind === "success" ? outcome.deploymentId : undefined;
}

/** A failure callback carries no deployment id: its unguessable token is what ties it to us. */
function matches(outcome: CallbackOutcome, expected: string | null): boolean {
  return outcome.kind === "failure" || expected === null || outcome.deploymentId === expected;
}
