import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/** What a flood offered and how it was answered (HTTP status or error code, counted). */
export interface FloodResult {
  offered: number;
  byStatus: Record<string, number>;
  durationMs: number;
}

/** A flood of anonymous POSTs to random tokens under `base` (loopback only). */
export interface FloodOptions {
  /** Such as `http://127.0.0.1:8080/jod/callback`; a random token is appended per request. */
  base: string;
  /** Tokens of this many random bytes in hex (the relay's 64 hex characters: 32); else base64url. */
  tokenHexBytes?: number;
  /**
   * The loopback address to send from, such as `127.0.0.2`: per-address limits (the relay's)
   * then tell the flood apart from JOD's callback, which comes from 127.0.0.1.
   */
  localAddress?: string;
  connections: number;
  durationMs: number;
  bodyBytes: number;
  /** Instead of the timed flood: one POST of each size, in order, on one connection. */
  sizes?: number[];
}

/** The worker script beside this file, or in the checkout when this runs compiled (bench). */
const WORKER = [
  path.join(__dirname, "hostile-flood-worker.js"),
  path.resolve(__dirname, "../../../test/helpers/hostile-flood-worker.js"),
].find((script) => existsSync(script)) as string;

/**
 * Runs the flood in a child process, so its buffers never count towards the heap of the process
 * under test, and resolves with its tally. It stops on its own after `durationMs` (each request
 * gives up after 10 s), and is killed if it runs 30 s past that.
 */
export function flood(options: FloodOptions): Promise<FloodResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify(options)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.durationMs + 30_000);
    timer.unref();
    child.on("error", reject);
    child.on("exit", (status) => {
      clearTimeout(timer);
      if (status === 0) resolve(JSON.parse(output) as FloodResult);
      else reject(new Error(`the flood worker exited with ${status}: ${errors}`));
    });
  });
}

/** The largest of `sample()` taken every `everyMs` until `until` settles. */
export async function peakWhile<T>(
  sample: () => number,
  until: Promise<T>,
  everyMs = 200,
): Promise<{ peak: number; result: T }> {
  let peak = sample();
  const timer = setInterval(() => (peak = Math.max(peak, sample())), everyMs);
  try {
    const result = await until;
    return { peak: Math.max(peak, sample()), result };
  } finally {
    clearInterval(timer);
  }
}
