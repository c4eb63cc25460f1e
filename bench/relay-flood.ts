/**
 * Benchmark 3c: the relay under the flood. A relay on the Redis store (relay/run-local.sh
 * and a bounded redis-server, as relay/README.md recommends) takes, from 127.0.0.2, 100
 * connections posting 4 MiB bodies to random tokens for `floodMs`, while this process opens
 * channels one at a time with `RelayCallbacks` (as a create does) and POSTs their callbacks
 * from 127.0.0.1 as JOD would. Reported: the requests the flood offered per second and how they
 * were answered, the peak resident memory of nginx (master and workers) and Redis's peak
 * `used_memory`, and the callback latency (POST sent -> wait resolved) during the flood against
 * the same measured right before it.
 */
import { newCallbackNonce } from "../provider/src/callbacks/callback-registry";
import { RelayCallbacks } from "../provider/src/relay";
import { flood } from "../test/helpers/hostile-flood";
import { nginxResidentBytes, redisUsedMemoryBytes } from "../test/helpers/relay-memory";
import { startRedis, startRelay, type RelayProcess } from "../test/helpers/relay-process";
import { successCallback } from "../test/helpers/unit-callback-bodies";
import { formatLatency, percentile, rowsOf, type ResultRow } from "./harness";

/** One callback through the relay, timed from before its POST to the create's wait resolving. */
async function timedCallback(callbacks: RelayCallbacks, index: number): Promise<number> {
  const lease = await callbacks.open(newCallbackNonce());
  try {
    lease.pending.expectDeployment(`flood-${index}`);
    const resolved = lease.pending.wait(60_000).then(() => process.hrtime.bigint());
    const sentAt = process.hrtime.bigint();
    const answer = await fetch(lease.callbackUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(successCallback(`flood-${index}`)),
    });
    await answer.text();
    if (![201, 202].includes(answer.status)) throw new Error(`relay: HTTP ${answer.status}`);
    return Number((await resolved) - sentAt) / 1e6;
  } finally {
    await lease.release();
  }
}

/** Callbacks one after another while `going()` holds (at least one); their latencies in ms. */
async function callbacksWhile(callbacks: RelayCallbacks, going: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  do latencies.push(await timedCallback(callbacks, latencies.length));
  while (going());
  return latencies;
}

const MiB = 1024 * 1024;
const formatMiB = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

export async function relayFlood(floodMs: number, quietCallbacks: number): Promise<ResultRow[]> {
  const redis = await startRedis();
  let relay: RelayProcess | undefined;
  try {
    relay = await startRelay({ redis: redis.url });
    const running = relay;
    const callbacks = new RelayCallbacks(running, (message) => console.error(message));
    // Warm-up, then the latency without a flood.
    await callbacksWhile(callbacks, () => false);
    let quietCount = 0;
    const quiet = await callbacksWhile(callbacks, () => ++quietCount < quietCallbacks);

    const peaks = {
      nginx: nginxResidentBytes(running),
      redis: await redisUsedMemoryBytes(redis.url),
    };
    const sample = async () => {
      peaks.nginx = Math.max(peaks.nginx, nginxResidentBytes(running));
      peaks.redis = Math.max(peaks.redis, await redisUsedMemoryBytes(redis.url));
    };
    const sampler = setInterval(() => void sample(), 250);
    let flooding = true;
    const attack = flood({
      base: `${running.baseUrl}/callback`,
      tokenHexBytes: 32,
      localAddress: "127.0.0.2",
      connections: 100,
      durationMs: floodMs,
      bodyBytes: 4 * MiB,
    }).finally(() => (flooding = false));
    let loud: number[];
    let offered;
    try {
      loud = await callbacksWhile(callbacks, () => flooding);
      offered = await attack;
      await sample();
    } finally {
      clearInterval(sampler);
    }
    const row = rowsOf("3c. Relay under a flood");
    const answers = Object.entries(offered.byStatus)
      .map(([status, count]) => `${status}: ${count}`)
      .join(", ");
    const seconds = offered.durationMs / 1000;
    return [
      row(
        `requests offered by 100 connections posting 4 MiB for ${seconds.toFixed(0)} s (answers)`,
        `${(offered.offered / seconds).toFixed(0)}/s (${answers})`,
      ),
      row(
        "nginx resident memory, master and workers, peak during the flood",
        formatMiB(peaks.nginx),
        "< 256 MiB",
        peaks.nginx < 256 * MiB,
      ),
      row(
        "Redis used_memory, peak during the flood (maxmemory 256 MiB)",
        formatMiB(peaks.redis),
        "< 64 MiB",
        peaks.redis < 64 * MiB,
      ),
      row(
        `callback sent -> wait resolved, p50 / p99 / max, ${quiet.length} without a flood`,
        formatLatency(quiet),
      ),
      row(
        `callback sent -> wait resolved, p50 / p99 / max, ${loud.length} during the flood`,
        formatLatency(loud),
        "p99 < 500 ms",
        percentile(loud, 99) < 500,
      ),
    ];
  } finally {
    await relay?.stop();
    await redis.stop();
  }
}
