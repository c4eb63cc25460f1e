import { fork, type ChildProcess } from "node:child_process";
import diagnosticsChannel from "node:diagnostics_channel";
import { once } from "node:events";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import type { JodClient } from "../provider/src/client/jod-client";
import { createRecorderDeploymentProvider } from "../provider/src/runtime/recorder-deployment-provider";
import { TEST_API_KEY, TEST_DOMAIN } from "../test/helpers/jod-test-setup";
import type { CallbackOrder, CallbackReport } from "./callback-driver-messages";
import { successCallbackBody, type PostOutcome } from "./callback-poster";
import { percentile } from "./statistics";

const INPUTS = {
  domain: TEST_DOMAIN,
  recorders: 1,
  duration: 1,
  location: "lon",
  timeoutSeconds: 60,
};

/** Untimed creates before the timed ones, for the JIT and lazily loaded modules. */
const WARMUP_CREATES = 100;

/** Node's own event for every request an HTTP server of this process receives. */
const SERVER_REQUEST_CHANNEL = "http.server.request.start";

/** How long to wait for the driver's last reports after the last create resolved. */
const REPORTS_TIMEOUT_MS = 30_000;

/** Percentiles of one series of samples, in milliseconds. */
export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
}

/** The latencies of one mode, and how the listener answered the callbacks. */
export interface CallbackLatencyResult {
  /** How many creates wait together and get their callbacks at the same moment. */
  burst: number;
  /** From the listener's HTTP server receiving the callback request to `create()` resolving. */
  fromArrivalMs: number[];
  /** From just before the driver process sends the callback to `create()` resolving. */
  fromSendMs: number[];
  arrival: LatencySummary;
  send: LatencySummary;
  /** Callback answers by kind, e.g. `{ "200 accepted": 1000 }` or `{ "error: socket hang up": 1 }`. */
  answers: Record<string, number>;
}

/** One timed create, in process.hrtime nanoseconds. */
interface CreateTiming {
  id: string;
  arrivedAtNs: bigint;
  resolvedAtNs: bigint;
}

/**
 * Benchmark 3: in this process, the provider's `create` (from provider/src/runtime) with a stub
 * JOD client that accepts at once and hands the callback URL it received to a driver process
 * (callback-driver.ts), which POSTs the deployment's success callback there as JOD would. Each
 * create is timed to the moment it resolves, from two starts: the listener's HTTP server
 * receiving the callback request (Node's `http.server.request.start` diagnostics channel: request
 * line and headers parsed), and the driver process just before it sends it (process.hrtime, one
 * monotonic clock for both processes). Between lie connection handling, express's JSON parsing,
 * the registry, the outputs and the lease release (which stops the listener when no other
 * create waits).
 *
 * Creates run in bursts of `burst` whose callbacks are sent at once: 1 is a lone deployment
 * (the listener starts and stops around each); 32 is a stack of 32 deployments whose callbacks
 * all come at the same moment, each queued behind the others in the one event loop.
 *
 * @example
 * ```ts
 * const { arrival } = await measureCallbackLatency({ deployments: 1000, burst: 1 });
 * ```
 */
export async function measureCallbackLatency(options: {
  deployments: number;
  burst: number;
}): Promise<CallbackLatencyResult> {
  const harness = await startLatencyHarness();
  try {
    await runBursts(Math.min(WARMUP_CREATES, options.deployments), options.burst, () =>
      harness.timedCreate(),
    );
    await harness.collectReports();
    const timings = await runBursts(options.deployments, options.burst, () =>
      harness.timedCreate(),
    );
    const reports = await harness.collectReports();
    const fromArrivalMs = timings.map((timing) => nsToMs(timing.resolvedAtNs - timing.arrivedAtNs));
    const fromSendMs = timings.map((timing) => {
      const report = reports.get(timing.id);
      if (!report) throw new Error(`the driver never reported the callback of ${timing.id}`);
      return nsToMs(timing.resolvedAtNs - BigInt(report.sentAtNs));
    });
    return {
      burst: options.burst,
      fromArrivalMs,
      fromSendMs,
      arrival: summarize(fromArrivalMs),
      send: summarize(fromSendMs),
      answers: countAnswers([...reports.values()].map((report) => report.outcome)),
    };
  } finally {
    await harness.close();
  }
}

async function startLatencyHarness() {
  const driver: ChildProcess = fork(path.join(__dirname, "callback-driver.js"), [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const driverExited = once(driver, "exit");
  let sequence = 0;
  let ordered = 0;
  const tokenOf = new Map<string, string>();
  const arrivedAt = new Map<string, bigint>();
  let reports = new Map<string, CallbackReport>();
  driver.on("message", (report: CallbackReport) => reports.set(report.id, report));

  const onRequest = (message: unknown) => {
    const now = process.hrtime.bigint();
    const url = (message as { request: IncomingMessage }).request.url ?? "";
    arrivedAt.set(lastSegment(url), now);
  };
  diagnosticsChannel.subscribe(SERVER_REQUEST_CHANNEL, onRequest);

  const client: JodClient = {
    async deployRecorders(request) {
      const deploymentId = `bench-${++sequence}`;
      tokenOf.set(deploymentId, lastSegment(request.callbackUrl));
      const order: CallbackOrder = {
        id: deploymentId,
        url: request.callbackUrl,
        body: successCallbackBody(deploymentId),
      };
      driver.send(order);
      ordered++;
      return { deploymentId, message: "accepted", attempts: 1 };
    },
  };
  const provider = createRecorderDeploymentProvider({
    createClient: () => client,
    now: () => new Date(),
    env: { JOD_API_KEY: TEST_API_KEY, JOD_ENDPOINT: "http://127.0.0.1:9" },
    log: () => {},
  });

  return {
    async timedCreate(): Promise<CreateTiming> {
      const result = await provider.create(INPUTS);
      const resolvedAtNs = process.hrtime.bigint();
      const token = tokenOf.get(result.id) ?? "";
      const arrivedAtNs = arrivedAt.get(token);
      if (arrivedAtNs === undefined) throw new Error(`no callback arrived for ${result.id}`);
      tokenOf.delete(result.id);
      arrivedAt.delete(token);
      return { id: result.id, arrivedAtNs, resolvedAtNs };
    },
    /** Waits for the driver to report every callback ordered so far, and hands them over. */
    async collectReports(): Promise<Map<string, CallbackReport>> {
      const deadline = Date.now() + REPORTS_TIMEOUT_MS;
      while (reports.size < ordered) {
        if (Date.now() > deadline) {
          throw new Error(`the driver reported ${reports.size} of ${ordered} callbacks`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const collected = reports;
      reports = new Map();
      ordered = 0;
      return collected;
    },
    async close(): Promise<void> {
      diagnosticsChannel.unsubscribe(SERVER_REQUEST_CHANNEL, onRequest);
      driver.disconnect();
      await driverExited;
    },
  };
}

function lastSegment(url: string): string {
  return url.slice(url.lastIndexOf("/") + 1);
}

function nsToMs(ns: bigint): number {
  return Number(ns) / 1e6;
}

/** Answers by kind: "200 accepted", "404 unknown-token", "error: socket hang up", ... */
function countAnswers(outcomes: PostOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const kind = describeOutcome(outcome);
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

function describeOutcome(outcome: PostOutcome): string {
  if ("error" in outcome) return `error: ${outcome.error}`;
  try {
    return `${outcome.status} ${(JSON.parse(outcome.body) as { result?: string }).result}`;
  } catch {
    return `${outcome.status} (not JSON)`;
  }
}

function summarize(samples: number[]): LatencySummary {
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples) };
}

/** Runs `total` tasks in bursts of `burst` started together; each burst ends before the next. */
async function runBursts<T>(total: number, burst: number, task: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let done = 0; done < total; done += burst) {
    const size = Math.min(burst, total - done);
    results.push(...(await Promise.all(Array.from({ length: size }, task))));
  }
  return results;
}
