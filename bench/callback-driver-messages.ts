import type { PostOutcome } from "./callback-poster";

/** Parent to callback driver: send this callback now. */
export interface CallbackOrder {
  id: string;
  url: string;
  body: unknown;
}

/** Callback driver to parent: when it was sent (process.hrtime.bigint(), as a string) and how it was answered. */
export interface CallbackReport {
  id: string;
  sentAtNs: string;
  outcome: PostOutcome;
}
