import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import { homedir, hostname } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  JournalError,
  assertWritableEntry,
  journalKey,
  parseJournalEntry,
  type DeploymentJournal,
  type JournalEntry,
  type JournalPruneResult,
} from "./journal-entry";

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** How long an entry with nothing to resume (released, failed) stays, for a person to look at. */
const SETTLED_RETENTION_MS = 7 * DAY_MS;
const ENTRY_NAME = /^([0-9a-f]{64})\.json$/;
const TEMP_NAME = /^\.[0-9a-f]{64}\.[0-9a-f]+\.tmp$/;
const LOCK_CANDIDATE_NAME = /^\.lock\.[0-9a-f]+\.tmp$/;
const LOCK_NAME = "journal.lock";

/** How a local journal is kept. Every field has a default. */
export interface FileJournalOptions {
  /** Where entries live. Default: `defaultJournalDirectory()`. */
  directory?: string;
  /** Beyond this many entries, `prune` removes the oldest with nothing to resume. Default 10 000. */
  maxEntries?: number;
  /** How long to wait for another process's lock before failing. Default 10 s. */
  lockTimeoutMs?: number;
  /** A lock older than this is taken over even if its process seems alive. Default 30 s. */
  staleLockMs?: number;
}

/**
 * `PULUMI_JOD_JOURNAL_DIR` when set (e.g. a CI cache folder), else
 * `$PULUMI_HOME/pulumi-jod/journal`, with PULUMI_HOME defaulting to `~/.pulumi` as Pulumi's does.
 */
export function defaultJournalDirectory(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (env.PULUMI_JOD_JOURNAL_DIR) return env.PULUMI_JOD_JOURNAL_DIR;
  return join(env.PULUMI_HOME || join(home, ".pulumi"), "pulumi-jod", "journal");
}

/** What a lock file said when it was looked at, to tell later whether it is still the same one. */
interface LockSnapshot {
  text: string;
  ino: number;
  ageMs: number;
  pid?: number;
  host?: string;
}

/**
 * A deployment journal in a local directory: one file per hashed identity (mode 0600, directory
 * 0700: entries name paid deployments). Writes go to a temp file in the same directory that is
 * fsynced, renamed over the entry and followed by an fsync of the directory, so a reader (which
 * takes no lock) sees the old entry or the new one, never a part. One lock file per directory,
 * linked into place complete and taken over when its process is dead or it is older than
 * `staleLockMs`, serializes writes and prune's removals, so `prune` never removes an entry that a
 * concurrent `write` just renewed. Corrupt entries throw `JOURNAL_CORRUPT` and stay in place:
 * they are never read as "no entry".
 */
export class FileDeploymentJournal implements DeploymentJournal {
  readonly directory: string;
  private readonly maxEntries: number;
  private readonly lockTimeoutMs: number;
  private readonly staleLockMs: number;

  constructor(options: FileJournalOptions = {}) {
    this.directory = options.directory ?? defaultJournalDirectory();
    this.maxEntries = options.maxEntries ?? 10_000;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.staleLockMs = options.staleLockMs ?? 30_000;
  }

  async read(identity: string): Promise<JournalEntry | undefined> {
    const key = journalKey(identity);
    const path = this.entryPath(key);
    const text = await this.readIfPresent(path);
    return text === undefined ? undefined : parseJournalEntry(text, key, path);
  }

  async write(entry: JournalEntry): Promise<void> {
    assertWritableEntry(entry);
    const key = journalKey(entry.identity);
    const text = `${JSON.stringify(entry)}\n`;
    await this.withLock(async () => {
      const temp = join(this.directory, `.${key}.${randomBytes(8).toString("hex")}.tmp`);
      try {
        await openAndSync(temp, "wx", text);
        await fs.rename(temp, this.entryPath(key));
        await openAndSync(this.directory, "r");
      } catch (error) {
        await fs.rm(temp, { force: true });
        throw this.ioError(`write ${this.entryPath(key)}`, error);
      }
    });
  }

  /**
   * Removes entries a day after their deployment could last have run (`expiresAt`, or without
   * one, the request's duration after the entry was last written), entries with nothing to
   * resume (released or failed) 7 days after they were written, leftover temp files, and the
   * oldest of those with nothing to resume beyond `maxEntries`. An entry a create could still
   * resume is never removed before its deployment expires; corrupt ones are left in place and
   * listed.
   */
  async prune(now: Date): Promise<JournalPruneResult> {
    // Reading and judging every entry runs without the lock, so writers are not held up; the
    // lock is taken only to remove, and only files still as they were judged.
    const result: JournalPruneResult = { removed: 0, corrupt: [] };
    const temps: string[] = [];
    const doomed: { path: string; text: string }[] = [];
    const done: { path: string; text: string; updatedAt: number }[] = [];
    let kept = 0;
    const names = await this.ifPresent(`list ${this.directory}`, () => fs.readdir(this.directory));
    for (const name of names ?? []) {
      const path = join(this.directory, name);
      // A lock candidate lives only while its process waits for the lock, which is never long.
      const candidate = LOCK_CANDIDATE_NAME.test(name) ? await this.lookAtLock(path) : undefined;
      if (TEMP_NAME.test(name) || (candidate?.ageMs ?? 0) > this.staleLockMs) temps.push(path);
      const key = ENTRY_NAME.exec(name)?.[1];
      if (key === undefined) continue;
      const text = await this.readIfPresent(path);
      if (text === undefined) continue;
      let entry: JournalEntry | undefined;
      try {
        entry = parseJournalEntry(text, key, path);
      } catch {
        result.corrupt.push(path);
      }
      if (entry && this.isPrunable(entry, now)) {
        doomed.push({ path, text });
        continue;
      }
      kept += 1;
      if (entry && !resumable(entry)) {
        done.push({ path, text, updatedAt: Date.parse(entry.updatedAt) });
      }
    }
    // Beyond the cap, the oldest with nothing to resume go; the others count but stay.
    done.sort((a, b) => a.updatedAt - b.updatedAt);
    doomed.push(...done.slice(0, Math.max(0, kept - this.maxEntries)));
    if (temps.length === 0 && doomed.length === 0) return result;

    await this.withLock(async () => {
      // Every write holds the lock, so a temp file still there under it is a crashed process's.
      for (const path of temps) await this.remove(path);
      for (const { path, text } of doomed) {
        if ((await this.readIfPresent(path)) !== text) continue;
        await this.remove(path);
        result.removed += 1;
      }
      await openAndSync(this.directory, "r");
    });
    return result;
  }

  private isPrunable(entry: JournalEntry, now: Date): boolean {
    const updatedAt = Date.parse(entry.updatedAt);
    // Without expiresAt: any deployment made from this request has stopped a duration after the
    // entry was last written. A day of slack covers a slow answer or callback, and clocks.
    const expiresAt =
      entry.expiresAt !== undefined
        ? Date.parse(entry.expiresAt)
        : updatedAt + entry.request.duration * HOUR_MS;
    if (expiresAt + DAY_MS <= now.getTime()) return true;
    return !resumable(entry) && updatedAt + SETTLED_RETENTION_MS <= now.getTime();
  }

  private readIfPresent(path: string): Promise<string | undefined> {
    return this.ifPresent(`read ${path}`, () => fs.readFile(path, "utf8"));
  }

  /** What `work` gives, or undefined when the file it reads is missing (ENOENT). */
  private async ifPresent<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if (errorCode(error) === "ENOENT") return undefined;
      throw this.ioError(what, error);
    }
  }

  private entryPath(key: string): string {
    return join(this.directory, `${key}.json`);
  }

  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    await this.ensureDirectory();
    const nonce = await this.acquireLock();
    try {
      return await work();
    } finally {
      await this.releaseLock(nonce);
    }
  }

  /**
   * The lock is made complete under a private name and then hard-linked into place (atomic, and
   * failing if it exists), so a lock file always names its holder, even if the holder is killed
   * while taking it.
   */
  private async acquireLock(): Promise<string> {
    const lockPath = join(this.directory, LOCK_NAME);
    const nonce = randomBytes(16).toString("hex");
    const candidate = join(this.directory, `.lock.${nonce}.tmp`);
    const giveUpAt = Date.now() + this.lockTimeoutMs;
    try {
      await fs.writeFile(candidate, JSON.stringify({ pid: process.pid, host: hostname(), nonce }), {
        flag: "wx",
        mode: 0o600,
      });
      for (;;) {
        try {
          await fs.link(candidate, lockPath);
          return nonce;
        } catch (error) {
          if (errorCode(error) !== "EEXIST") throw this.ioError(`create ${lockPath}`, error);
        }
        const holder = await this.lookAtLock(lockPath);
        if (holder !== undefined && this.isStale(holder)) {
          await this.breakStaleLock(lockPath, holder);
        } else if (Date.now() >= giveUpAt) {
          throw new JournalError(
            "JOURNAL_LOCKED",
            `The deployment journal in ${this.directory} stayed locked for ${this.lockTimeoutMs} ms` +
              (holder?.pid !== undefined ? ` by process ${holder.pid} on ${holder.host}` : "") +
              `. If no pulumi-jod provider is running, remove ${lockPath}.`,
          );
        } else {
          await sleep(2 + Math.random() * 18);
        }
      }
    } catch (error) {
      throw this.ioError(`create ${candidate}`, error);
    } finally {
      await fs.rm(candidate, { force: true });
    }
  }

  private isStale(holder: LockSnapshot): boolean {
    if (holder.ageMs > this.staleLockMs) return true;
    return holder.host === hostname() && holder.pid !== undefined && !isAlive(holder.pid);
  }

  /**
   * Removes a stale lock only if it is still the one judged stale: the check and the removal run
   * under a second O_EXCL file, so two processes that both saw it stale cannot also remove the
   * fresh lock that one of them then took.
   */
  private async breakStaleLock(lockPath: string, stale: LockSnapshot): Promise<void> {
    const breakPath = `${lockPath}.break`;
    try {
      await (await fs.open(breakPath, "wx", 0o600)).close();
    } catch (error) {
      if (errorCode(error) !== "EEXIST") throw this.ioError(`create ${breakPath}`, error);
      // Held for microseconds; one this old belongs to a process that died holding it.
      const breaker = await this.lookAtLock(breakPath);
      if (breaker !== undefined && breaker.ageMs > this.staleLockMs) await this.remove(breakPath);
      return;
    }
    try {
      const current = await this.lookAtLock(lockPath);
      if (current?.ino === stale.ino && current.text === stale.text) await this.remove(lockPath);
    } finally {
      await this.remove(breakPath);
    }
  }

  private async releaseLock(nonce: string): Promise<void> {
    const lockPath = join(this.directory, LOCK_NAME);
    const holder = await this.lookAtLock(lockPath);
    // A lock taken over as stale (this process was too slow) now belongs to someone else.
    if (holder?.text.includes(nonce)) await this.remove(lockPath);
  }

  private async lookAtLock(path: string): Promise<LockSnapshot | undefined> {
    const found = await this.ifPresent(`read ${path}`, () =>
      Promise.all([fs.readFile(path, "utf8"), fs.stat(path)]),
    );
    if (found === undefined) return undefined;
    const [text, info] = found;
    const snapshot: LockSnapshot = { text, ino: info.ino, ageMs: Date.now() - info.mtimeMs };
    try {
      const parsed = JSON.parse(text) as { pid?: unknown; host?: unknown };
      if (typeof parsed.pid === "number") snapshot.pid = parsed.pid;
      if (typeof parsed.host === "string") snapshot.host = parsed.host;
    } catch {
      // Its holder is between creating and writing it (or died there): only its age tells.
    }
    return snapshot;
  }

  private async ensureDirectory(): Promise<void> {
    try {
      await fs.mkdir(this.directory, { recursive: true, mode: 0o700 });
      const info = await fs.stat(this.directory);
      if (typeof process.getuid === "function" && info.uid !== process.getuid()) {
        throw new JournalError(
          "JOURNAL_IO",
          `The deployment journal directory ${this.directory} belongs to another user; ` +
            "its entries record paid deployments, so choose a directory of your own.",
        );
      }
      if ((info.mode & 0o077) !== 0) await fs.chmod(this.directory, 0o700);
    } catch (error) {
      throw this.ioError(`create ${this.directory}`, error);
    }
  }

  private async remove(path: string): Promise<void> {
    try {
      await fs.rm(path, { force: true });
    } catch (error) {
      throw this.ioError(`remove ${path}`, error);
    }
  }

  private ioError(what: string, cause: unknown): JournalError {
    if (cause instanceof JournalError) return cause;
    return new JournalError(
      "JOURNAL_IO",
      `Could not ${what} (${errorCode(cause) ?? String(cause)}). The deployment journal ` +
        `directory ${this.directory} must be readable and writable by this user.`,
      { cause },
    );
  }
}

/** Opens `path` (a new file is mode 0600), writes `text` if given, and fsyncs it. */
async function openAndSync(path: string, flags: string, text?: string): Promise<void> {
  const handle = await fs.open(path, flags, 0o600);
  try {
    if (text !== undefined) await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === "EPERM";
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Whether a later create could take the entry's deployment over: anything not released or failed. */
function resumable(entry: JournalEntry): boolean {
  return entry.outcome?.kind !== "released" && entry.outcome?.kind !== "failed";
}
