/**
 * One request received on `POST /deploy-recorder`.
 *
 * @example
 * ```ts
 * const last: RecordedRequest | undefined = emulator.requests().at(-1);
 * console.log(last?.status, last?.fields.apiKey); // 200 "JOD-…7f6b"
 * ```
 */
export interface RecordedRequest {
  /** 1 for the first request since start or reset, then counting up. */
  id: number;
  /** ISO time the request arrived. */
  receivedAt: string;
  /** The Content-Type header as sent, or null. */
  contentType: string | null;
  /** The parsed form fields, with `apiKey` replaced by its fingerprint. */
  fields: Record<string, string | string[]>;
  /** The HTTP status answered, or null while the answer is pending (or never sent). */
  status: number | null;
  /** The `message` of the JSON answer, or null for non-JSON answers and pending ones. */
  message: string | null;
  /** The deployment this request created, if any. */
  deploymentId: string | null;
}

// Bounds memory for long-running emulators (demos, benchmarks); tests never get near it.
const MAX_RECORDED_REQUESTS = 10_000;

/**
 * The log of deploy requests, oldest first, keeping the last 10,000.
 *
 * @example
 * ```ts
 * const log = new RequestLog();
 * const entry = log.start("application/x-www-form-urlencoded");
 * entry.status = 200;
 * log.list()[0].status; // 200
 * ```
 */
export class RequestLog {
  private entries: RecordedRequest[] = [];
  private nextId = 1;

  /** Records a request as it arrives and returns the live entry, to be completed later. */
  start(contentType: string | null): RecordedRequest {
    const entry: RecordedRequest = {
      id: this.nextId++,
      receivedAt: new Date().toISOString(),
      contentType,
      fields: {},
      status: null,
      message: null,
      deploymentId: null,
    };
    this.entries.push(entry);
    if (this.entries.length > MAX_RECORDED_REQUESTS) this.entries.shift();
    return entry;
  }

  /** Copies of every recorded request. */
  list(): RecordedRequest[] {
    return structuredClone(this.entries);
  }

  /** Forgets every request and restarts ids at 1. */
  clear(): void {
    this.entries = [];
    this.nextId = 1;
  }
}
