/**
 * Benchmark 3: in this process, the provider's `create` with a stub JOD client that accepts at
 * once and hands the callback URL it got to a driver process (callback-driver.ts), which POSTs
 * the success callback there as JOD would. Each create is timed to the moment it resolves, from
 * two starts: the listener's HTTP server receiving the request (Node's
 * `http.server.request.start` diagnostics channel: request line and headers parsed), and the
 * driver just before it sends (process.hrtime, one monotonic clock for both processes).
 *
 * Creates run in bursts whose callbacks are sent at once: 1 is a lone deployment (the listener
 * starts and stops around each); 32 is a stack of 32 whose callbacks all come at the same moment.
 */
import { fork } from "node:child_process";
import diagnosticsChannel from "node:diagnostics_channel";
import { once } from "node:events";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import type { JodClient } from "../provider/src/client/jod-client";
import { newCallbackNonce } from "../provider/src/callbacks/callback-registry";
import { RelayCallbacks } from "../provider/src/relay";
import { createRecorderDeploymentProvider } from "../provider/src/runtime/recorder-deployment-provider";
import { TEST_API_KEY } from "../test/helpers/jod-test-setup";
import { startRedis, startRelay } from "../test/helpers/relay-process";
import { waitUntil } from "../test/helpers/reliability-processes";
import { successCallback } from "../test/helpers/unit-callback-bodies";
import type { CallbackOrder, CallbackReport } from "./callback-driver";
import { BENCH_INPUTS, formatCounts, formatLatency, percentile, rowsOf } from "./harness";
import type { ResultRow } from "./harness";

/** Untimed creates before the timed ones, for the JIT and lazily loaded modules. */
const WARMUP_CREATES = 100;
const SERVER_REQUEST_CHANNEL = "http.server.request.start";

/** The driver process, and the reports of the callbacks it sent. */
function startCallbackDriver() {
  const driver = fork(path.join(__dirname, "callback-driver.js"), [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = once(driver, "exit");
  let ordered = 0;
  let reports = new Map<string, CallbackReport>();
  driver.on("message", (report: CallbackReport) => reports.set(report.id, report));
  return {
    send(order: CallbackOrder): void {
      driver.send(order);
      ordered++;
    },
    /** Waits until the driver reported every callback ordered so far, and hands them over. */
    async collect(): Promise<Map<string, CallbackReport>> {
      await waitUntil(() => reports.size >= ordered, "the driver's reports", 30_000);
      const collected = reports;
      reports = new Map();
      ordered = 0;
      return collected;
    },
    async close(): Promise<void> {
      driver.disconnect();
      await exited;
    },
  };
}

/** Runs `total` tasks in bursts of `burst` started together; each burst ends before the next. */
async function runBursts<T>(total: number, burst: number, task: () => Promise<T>) {
  const results: T[] = [];
  for (let done = 0; done < total; done += burst) {
    const size = Math.min(burst, total - done);
    results.push(...(await Promise.all(Array.from({ length: size }, task))));
  }
  return results;
}

async function measureBurst(deployments: number, burst: number) {
  const driver = startCallbackDriver();
  const arrivedAt = new Map<string, bigint>();
  const onRequest = (message: unknown) => {
    const url = (message as { request: IncomingMessage }).request.url ?? "";
    arrivedAt.set(url.slice(url.lastIndexOf("/") + 1), process.hrtime.bigint());
  };
  diagnosticsChannel.subscribe(SERVER_REQUEST_CHANNEL, onRequest);
  let sequence = 0;
  const tokenOf = new Map<string, string>();
  const client: JodClient = {
    async deployRecorders(request) {
      const deploymentId = `bench-${++sequence}`;
      tokenOf.set(
        deploymentId,
        request.callbackUrl.slice(request.callbackUrl.lastIndexOf("/") + 1),
      );
      driver.send({
        id: deploymentId,
        url: request.callbackUrl,
        body: successCallback(deploymentId),
      });
      return { deploymentId, message: "accepted", attempts: 1 };
    },
  };
  const provider = createRecorderDeploymentProvider({
    createClient: () => client,
    now: () => new Date(),
    env: {
      JOD_API_KEY: TEST_API_KEY,
      JOD_ENDPOINT: "http://127.0.0.1:9",
      JOD_MAX_RECORDER_HOURS: "none",
    },
    log: () => {},
  });
  const timedCreate = async () => {
    const { id } = await provider.create({ ...BENCH_INPUTS, timeoutSeconds: 60 });
    const resolvedAtNs = process.hrtime.bigint();
    const arrived = arrivedAt.get(tokenOf.get(id) ?? "");
    if (arrived === undefined) throw new Error(`no callback arrived for ${id}`);
    return { id, resolvedAtNs, fromArrivalMs: Number(resolvedAtNs - arrived) / 1e6 };
  };
  try {
    await runBursts(Math.min(WARMUP_CREATES, deployments), burst, timedCreate);
    await driver.collect();
    const creates = await runBursts(deployments, burst, timedCreate);
    const reports = await driver.collect();
    return {
      fromArrivalMs: creates.map((create) => create.fromArrivalMs),
      fromSendMs: creates.map(({ id, resolvedAtNs }) => {
        const report = reports.get(id);
        if (!report) throw new Error(`the driver never reported the callback of ${id}`);
        return Number(resolvedAtNs - BigInt(report.sentAtNs)) / 1e6;
      }),
      answers: [...reports.values()].map((report) => report.answer),
    };
  } finally {
    diagnosticsChannel.unsubscribe(SERVER_REQUEST_CHANNEL, onRequest);
    await driver.close();
  }
}

export async function callbackLatency(deployments: number, bigBurst: number): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const row = rowsOf("3. Callback latency");
  for (const burst of [1, bigBurst]) {
    const result = await measureBurst(deployments, burst);
    const creates = `p50 / p99 / max, ${deployments} creates in bursts of ${burst}`;
    rows.push(
      row(
        `request received -> create resolved, ${creates}`,
        formatLatency(result.fromArrivalMs),
        "p99 < 20 ms",
        percentile(result.fromArrivalMs, 99) < 20,
      ),
      row(`before sending -> create resolved, ${creates}`, formatLatency(result.fromSendMs)),
      row(`callback answers, bursts of ${burst}`, formatCounts(result.answers)),
    );
  }
  return rows;
}

/**
 * Benchmark 3b: RelayCallbacks (provider/src/relay.ts) on a real relay (nginx + nchan, memory
 * store), one deployment at a time: register, POST JOD's callback to the relay, and time from
 * nginx's answer (and from the send) to the pending wait resolving.
 */
export async function relayLatency(deployments: number): Promise<ResultRow[]> {
  // The Redis store: the provider refuses a relay on nchan's memory store.
  const redis = await startRedis();
  const relay = await startRelay({ redis: redis.url });
  const callbacks = new RelayCallbacks(relay, (message) => console.error(message));
  const [fromAnswerMs, fromSendMs]: number[][] = [[], []];
  const asJod = { method: "POST", headers: { "Content-Type": "application/json" } };
  try {
    for (let index = -WARMUP_CREATES; index < deployments; index++) {
      const lease = await callbacks.open(newCallbackNonce());
      lease.pending.expectDeployment(`relay-${index}`);
      const resolved = lease.pending.wait(60_000).then(() => process.hrtime.bigint());
      const body = JSON.stringify(successCallback(`relay-${index}`));
      const sentAt = process.hrtime.bigint();
      const answer = await fetch(lease.callbackUrl, { ...asJod, body });
      const answeredAt = process.hrtime.bigint();
      // 201: nchan handed it to the waiting long-poll at once; 202: it buffered it first.
      if (![201, 202].includes(answer.status)) throw new Error(`relay: ${answer.status}`);
      const resolvedAt = await resolved;
      await Promise.all([answer.text(), lease.release()]);
      if (index < 0) continue;
      fromAnswerMs.push(Math.max(0, Number(resolvedAt - answeredAt) / 1e6));
      fromSendMs.push(Number(resolvedAt - sentAt) / 1e6);
    }
  } finally {
    await relay.stop();
    await redis.stop();
  }
  const row = rowsOf("3b. Relay callback latency");
  const of = `p50 / p99 / max, ${deployments} deployments one at a time`;
  return [
    row(
      `nginx answered -> wait resolved (0: before), ${of}`,
      formatLatency(fromAnswerMs),
      "p99 < 50 ms",
      percentile(fromAnswerMs, 99) < 50,
    ),
    row(`before sending -> wait resolved, ${of}`, formatLatency(fromSendMs)),
  ];
}
