import { createHash, createHmac } from "node:crypto";
import type { DeployedRecorder } from "../deployment-state";

/**
 * How far a create got with one deployment, which decides what a later create of the same
 * resource may do (adoption):
 * - `sending`: written right before the POST goes out (a failed write stops the create). JOD may have the request (and charged
 *   for it) but its answer was never recorded: do not post again, report `unconfirmed`.
 * - `accepted`: JOD answered with a deployment id (and balance). The deployment exists and is
 *   paid for: adopt it and wait for its callback on the channel of the same `callbackNonce`.
 * - `done`: the create handed its result (`outcome`) to the engine. The engine may still have
 *   failed to record it (a hard stop, a checkpoint that could not be saved), so a create that
 *   finds `done` hands it over again rather than buying anew, until the engine's Delete of the
 *   deployment (`destroy`, or a replacement, which deletes before it creates) releases it.
 *
 * What a create does with each is decided in one place: `runtime/purchase-decision.ts`.
 */
export type JournalPhase = (typeof JOURNAL_PHASES)[number];

/** The phases in the order a create passes through them. */
const JOURNAL_PHASES = ["sending", "accepted", "done"] as const;

/** What the create asked JOD for: the inputs that make a deployment (and its price). */
export interface JournalRequest {
  domain: string;
  recorders: number;
  duration: number;
  location: string;
}

/**
 * The result a create handed to the engine (phase `done`). A ready one keeps the recorders JOD
 * reported, so that a hand-over after a hard stop returns them again, unless they would make
 * the entry larger than {@link MAX_KEPT_RECORDERS_BYTES} (then a relay's callback channel still
 * holds them for a while).
 */
export type JournalOutcome =
  | { kind: "ready"; message: string; recorders?: DeployedRecorder[] }
  | { kind: "failed"; message: string }
  | { kind: "partial"; status: "awaiting-callback" | "unconfirmed"; message: string }
  /** The stack let go of it (destroyed, or dropped at expiry): a create buys anew. */
  | { kind: "released"; message: string };

/**
 * The most recorder JSON an entry keeps (about 1,200 recorders): entries stay well under the
 * relay journal's 64 KiB cap, and a larger deployment's callback is still on its relay channel.
 */
export const MAX_KEPT_RECORDERS_BYTES = 48 * 1024;

/**
 * One resource's latest journal record. It holds no token: the callback channel's token is an
 * HMAC of `callbackNonce` under the API key (direct) or the relay secret (relay).
 */
export interface JournalEntry {
  /** The resource's stable identity (project, stack, parents, name); stored only hashed by name. */
  identity: string;
  phase: JournalPhase;
  /** ISO 8601: when this entry was written. */
  updatedAt: string;
  /** ISO 8601: until when the create waits for JOD's callback. */
  deadline?: string;
  /**
   * ISO 8601: after this instant nothing is left to adopt (JOD's expiry once accepted; before
   * that, the latest a deployment made from this request could still run). Pruned after it.
   */
  expiresAt?: string;
  request: JournalRequest;
  /** Finds the create's callback channel again (with the key or secret that derives its token). */
  callbackNonce?: string;
  /**
   * {@link fingerprint} of the callback URL JOD was given: a resume in direct mode waits for
   * the callback only while its own listener is served at that same URL.
   */
  callbackAt?: string;
  /**
   * {@link accountFingerprint} of the JOD endpoint and API key the deployment was bought with:
   * another account's entry is never adopted. Entries written before 0.3.0 have none.
   */
  account?: string;
  /** ISO 8601: when the POST went out (the deployment's `deployedAt`). */
  deployedAt?: string;
  deploymentId?: string;
  balance?: number;
  outcome?: JournalOutcome;
}

/** Where resources' journal entries are kept: a local directory or the callback relay. */
export interface DeploymentJournal {
  /** The newest entry for this identity, or undefined when there is none; throws when unreadable. */
  read(identity: string): Promise<JournalEntry | undefined>;
  /** Replaces the identity's entry; durable once the promise resolves. */
  write(entry: JournalEntry): Promise<void>;
  /** Removes entries that have nothing left to adopt. */
  prune(now: Date): Promise<JournalPruneResult>;
}

/** What `prune` removed, and the corrupt entries it left in place for a person to look at. */
export interface JournalPruneResult {
  removed: number;
  corrupt: string[];
}

/** Why the journal could not be read or written. */
export type JournalErrorCode =
  | "JOURNAL_CORRUPT"
  | "JOURNAL_INVALID_ENTRY"
  | "JOURNAL_LOCKED"
  | "JOURNAL_IO"
  | "RELAY_UNREACHABLE"
  | "RELAY_UNAUTHORIZED"
  | "RELAY_REFUSED";

/**
 * The deployment journal failed. A create must not go on as if there were no entry: a lost entry
 * could mean buying the same deployment twice.
 */
export class JournalError extends Error {
  readonly code: JournalErrorCode;

  constructor(code: JournalErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "JournalError";
    this.code = code;
  }
}

/** The name under which an identity's entry is stored: sha256 hex, so no resource name leaks. */
export function journalKey(identity: string): string {
  return createHash("sha256").update(identity, "utf8").digest("hex");
}

/**
 * A short keyed digest that tells two values apart without revealing them: what the journal
 * keeps of a callback URL (which holds a token) and of an account.
 */
export function fingerprint(value: string, key = "pulumi-jod journal"): string {
  return createHmac("sha256", key).update(value, "utf8").digest("hex").slice(0, 32);
}

/**
 * Names the JOD account a deployment was bought with: the endpoint's origin keyed by the API
 * key, so neither can be read back from the journal.
 */
export function accountFingerprint(endpoint: string, apiKey: string): string {
  return fingerprint(`account ${new URL(endpoint).origin}`, apiKey);
}

/** Checks an entry before it is written; returns what is wrong, or an empty list. */
export function entryProblems(value: unknown): string[] {
  if (!isRecord(value)) return ["the entry is not a JSON object"];
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => ok || problems.push(problem);
  const optional = (field: string, ok: (field: unknown) => boolean, problem: string) =>
    need(value[field] === undefined || ok(value[field]), `${field} must be ${problem}`);
  need(isString(value.identity) && value.identity !== "", "identity must be a non-empty string");
  const phases = JOURNAL_PHASES.join(", ");
  need(JOURNAL_PHASES.includes(value.phase as JournalPhase), `phase must be one of ${phases}`);
  need(isInstant(value.updatedAt), "updatedAt must be an ISO 8601 instant");
  for (const field of ["deadline", "expiresAt"]) optional(field, isInstant, "an ISO 8601 instant");
  problems.push(...requestProblems(value.request));
  for (const field of ["callbackNonce", "callbackAt", "account", "deploymentId"]) {
    optional(field, isString, "a string");
  }
  optional("balance", Number.isFinite, "a number");
  optional("outcome", isOutcome, "a ready, failed, partial or released result");
  need(
    value.phase !== "accepted" || isString(value.deploymentId),
    "an accepted entry needs the deploymentId",
  );
  need(value.phase !== "done" || value.outcome !== undefined, "a done entry needs the outcome");
  return problems;
}

/**
 * Reads stored journal text. Throws `JOURNAL_CORRUPT` when it is not a complete, valid entry whose
 * identity hashes to `key`; the message names `source` but never the content.
 */
export function parseJournalEntry(text: string, key: string, source: string): JournalEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw corrupt(source, `it is not complete JSON (${text.length} bytes)`);
  }
  const problems = entryProblems(value);
  if (problems.length > 0) throw corrupt(source, problems.join("; "));
  const entry = value as JournalEntry;
  if (journalKey(entry.identity) !== key) throw corrupt(source, "it belongs to another identity");
  return entry;
}

/** Throws `JOURNAL_INVALID_ENTRY` for an entry no store should accept. */
export function assertWritableEntry(entry: JournalEntry): void {
  const problems = entryProblems(entry);
  if (problems.length > 0) {
    throw new JournalError(
      "JOURNAL_INVALID_ENTRY",
      `Refusing to write an invalid deployment journal entry: ${problems.join("; ")}.`,
    );
  }
}

function corrupt(source: string, why: string): JournalError {
  return new JournalError(
    "JOURNAL_CORRUPT",
    `The deployment journal entry ${source} is unreadable: ${why}. It was left in place because ` +
      "it may record a deployment JOD accepted; creating anew could buy it twice. Check the JOD " +
      "dashboard for this resource's deployment before removing or replacing the entry.",
  );
}

function requestProblems(value: unknown): string[] {
  if (!isRecord(value)) return ["request must be an object"];
  return [
    ...["domain", "location"]
      .filter((field) => !isString(value[field]))
      .map((field) => `request.${field} must be a string`),
    ...["recorders", "duration"]
      .filter((field) => !Number.isFinite(value[field]))
      .map((field) => `request.${field} must be a number`),
  ];
}

function isOutcome(value: unknown): boolean {
  if (!isRecord(value) || !isString(value.message)) return false;
  if (value.kind === "partial") {
    return value.status === "awaiting-callback" || value.status === "unconfirmed";
  }
  if (value.kind === "ready")
    return value.recorders === undefined || isRecorderList(value.recorders);
  return value.kind === "failed" || value.kind === "released";
}

function isRecorderList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((recorder) => isRecord(recorder) && isString(recorder.id) && isString(recorder.ip))
  );
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

function isInstant(value: unknown): boolean {
  return isString(value) && /^\d{4}-\d\d-\d\dT/.test(value) && !isNaN(Date.parse(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
