import { createHash } from "node:crypto";

/**
 * How far a create got with one deployment, which decides what a later create of the same
 * resource may do (adoption):
 * - `sending`: written right before the POST goes out (a failed write stops the create). JOD may have the request (and charged
 *   for it) but its answer was never recorded: do not post again, report `unconfirmed`.
 * - `accepted`: JOD answered with a deployment id (and balance). The deployment exists and is
 *   paid for: adopt it and wait for its callback on the channel of the same `callbackNonce`.
 * - `done`: the create handed its result (`outcome`) to the engine. The engine may still have
 *   died before recording it, so until `held` says the engine has it, a create that finds `done`
 *   hands it over again rather than buying anew.
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
 * The result a create handed to the engine (phase `done`). A ready one keeps no recorder list:
 * entries stay small for any deployment, and a relay still holds the callback that lists them.
 */
export type JournalOutcome =
  | { kind: "ready"; message: string }
  | { kind: "failed"; message: string }
  | { kind: "partial"; status: "awaiting-callback" | "unconfirmed"; message: string }
  /** The stack let go of it (destroyed, or dropped at expiry): a create buys anew. */
  | { kind: "released"; message: string };

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
  /** ISO 8601: when the POST went out (the deployment's `deployedAt`). */
  deployedAt?: string;
  deploymentId?: string;
  balance?: number;
  outcome?: JournalOutcome;
  /**
   * The engine holds `deploymentId` in the stack: its orderly close of the provider that handed
   * the result over (every step's result is checkpointed before it), or a later call that
   * carried the deployment, said so. A create that finds it is a new purchase, not a resume.
   */
  held?: boolean;
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
  for (const field of ["callbackNonce", "deploymentId"]) optional(field, isString, "a string");
  optional("held", (held) => typeof held === "boolean", "a boolean");
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
  return value.kind === "ready" || value.kind === "failed" || value.kind === "released";
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
