import type { CallbackOutcome } from "../parse-jod";
import type { PendingCallback } from "./callback-registry";

/** One create's claim on its callback channel, released when the create ends. */
export interface CallbackLease {
  pending: PendingCallback;
  /** The URL to give JOD as `callback_url`. */
  callbackUrl: string;
  /** Stops waiting on the channel and forgets its token. */
  release(): Promise<void>;
}

/**
 * Where JOD's callbacks reach this provider, chosen once per provider process: the direct
 * listener (`callback-listener.ts`) or the relay (`relay.ts`). A channel is named by a nonce:
 * its token is an HMAC of the nonce, so what state and the journal keep cannot read a callback.
 */
export interface CallbackChannel {
  /** Proves the channel can take callbacks, before anything is paid for. */
  ready(): Promise<void>;
  /**
   * Opens the nonce's channel for one create; an earlier create's nonce reopens its channel.
   * `publicUrl` overrides the listener's public base URL (the relay has its own).
   */
  open(nonce: string, publicUrl?: string): Promise<CallbackLease>;
  /**
   * The callback the nonce's channel still holds, asked for at most `waitMs`; `deploymentId`
   * is the id JOD answered with, when known. Only the relay keeps callbacks: the listener has
   * none once its create ended.
   */
  fetchBuffered(
    nonce: string,
    deploymentId: string | undefined,
    waitMs: number,
  ): Promise<CallbackOutcome | undefined>;
}
