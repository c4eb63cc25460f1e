/**
 * `npm run bench`: runs the benchmarks of issue 7 against the emulator and the real Pulumi CLI
 * and prints one table. Not a test: nothing here passes or fails a build. Knobs: see
 * bench-settings.ts (BENCH_ONLY, BENCH_RUNS, ...).
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import type { RunningEmulator } from "../emulator/src";
import { readBenchSettings, type BenchmarkName, type BenchSettings } from "./bench-settings";
import { startBenchEmulator } from "./bench-emulator";
import { measureCallbackLatency, type LatencySummary } from "./callback-latency";
import { measureEngineFloor } from "./engine-floor";
import { measureListenerThroughput } from "./listener-throughput";
import { currentLoadAverage, readMachineInfo } from "./machine-info";
import { measureParallelScale, SCALE_CALLBACK_DELAY_MS, SCALE_DEPLOYMENTS } from "./parallel-scale";
import { measureProviderLoad } from "./provider-load";
import { measureProviderMemory } from "./provider-memory";
import { formatResultsTable, type ResultRow } from "./results-table";
import { serializeProviders, type SerializedProviders } from "./serialized-providers";
import { formatMiB, formatMs, median } from "./statistics";

/** The engine's default `--parallel` without PULUMI_PARALLEL: 4 x GOMAXPROCS (the CPU count). */
const ENGINE_DEFAULT_PARALLEL =
  Number(process.env.PULUMI_PARALLEL) || 4 * os.availableParallelism();
/** Issue 7's "< 150 MB", read strictly as decimal megabytes. */
const PEAK_RSS_TARGET_BYTES = 150_000_000;

type Benchmark = (context: BenchContext) => Promise<ResultRow[]>;

interface BenchContext {
  settings: BenchSettings;
  emulator: RunningEmulator;
  serialized: () => Promise<SerializedProviders>;
  raw: Record<string, unknown>;
}

const BENCHMARKS: Record<BenchmarkName, Benchmark> = {
  async floor({ settings, emulator, raw }) {
    const result = await measureEngineFloor(emulator, {
      runs: settings.floorRuns,
      warmupRuns: settings.warmupRuns,
    });
    raw.floor = result;
    const name = "1. Engine floor";
    const runs = `median of ${settings.floorRuns}`;
    return [
      {
        benchmark: name,
        figure: `up, 1 RecorderDeployment (${runs})`,
        value: formatMs(median(result.recorderMs)),
      },
      {
        benchmark: name,
        figure: `up, 1 no-op dynamic resource (${runs})`,
        value: formatMs(median(result.noopMs)),
      },
      ratioRow(name, "ratio RecorderDeployment / no-op", result.ratio, 1.3),
    ];
  },

  async scale({ settings, emulator, raw }) {
    const result = await measureParallelScale(emulator, {
      runs: settings.scaleRuns,
      warmupRuns: settings.warmupRuns,
    });
    raw.scale = result;
    const name = "2. Parallel scale";
    const runs = `median of ${settings.scaleRuns}`;
    const delay = `callbacks after ${SCALE_CALLBACK_DELAY_MS / 1000} s`;
    return [
      {
        benchmark: name,
        figure: `up, 1 deployment, ${delay} (${runs})`,
        value: formatMs(median(result.oneMs)),
      },
      {
        benchmark: name,
        figure: `up, ${SCALE_DEPLOYMENTS} deployments, --parallel ${SCALE_DEPLOYMENTS} (${runs})`,
        value: formatMs(median(result.manyParallelMs)),
      },
      {
        benchmark: name,
        figure: `up, ${SCALE_DEPLOYMENTS} deployments, default --parallel (${ENGINE_DEFAULT_PARALLEL} here) (${runs})`,
        value: formatMs(median(result.manyDefaultMs)),
      },
      ratioRow(
        name,
        `ratio ${SCALE_DEPLOYMENTS} / 1, --parallel ${SCALE_DEPLOYMENTS}`,
        result.ratioParallel,
        1.5,
      ),
      ratioRow(
        name,
        `ratio ${SCALE_DEPLOYMENTS} / 1, default --parallel`,
        result.ratioDefault,
        1.5,
      ),
    ];
  },

  async latency({ settings, raw }) {
    const rows: ResultRow[] = [];
    const results = [];
    for (const burst of [1, settings.latencyBurst]) {
      const result = await measureCallbackLatency({
        deployments: settings.latencyDeployments,
        burst,
      });
      results.push(result);
      const creates = `${settings.latencyDeployments} creates in bursts of ${burst}`;
      const summary = (latency: LatencySummary) =>
        `${formatMs(latency.p50)} / ${formatMs(latency.p99)} / ${formatMs(latency.max)}`;
      rows.push(
        {
          benchmark: "3. Callback latency",
          figure: `request received -> create resolved, p50 / p99 / max, ${creates}`,
          value: summary(result.arrival),
          target: "p99 < 20 ms",
          met: result.arrival.p99 < 20,
        },
        {
          benchmark: "3. Callback latency",
          figure: `before sending -> create resolved, p50 / p99 / max, ${creates}`,
          value: summary(result.send),
        },
        {
          benchmark: "3. Callback latency",
          figure: `callback answers, bursts of ${burst}`,
          value: formatCounts(result.answers),
        },
      );
    }
    raw.latency = results;
    return rows;
  },

  async throughput({ settings, raw }) {
    const rows: ResultRow[] = [];
    const results = [];
    for (const scenario of ["accepted", "duplicate", "forged"] as const) {
      const result = await measureListenerThroughput(scenario, {
        seconds: settings.cannonSeconds,
        accepted: settings.cannonAccepted,
        connections: settings.cannonConnections,
      });
      results.push(result);
      rows.push({
        benchmark: "4a. Listener throughput",
        figure: `${SCENARIO_LABELS[scenario]}, ${settings.cannonConnections} connections`,
        value:
          `${Math.round(result.perSecond)} req/s, p50 ${formatMs(result.latencyP50Ms)}, ` +
          `p99 ${formatMs(result.latencyP99Ms)}; ${formatCounts(result.deliveries)}` +
          (result.errors > 0 ? `; ${result.errors} errors` : ""),
      });
    }
    raw.throughput = results;
    return rows;
  },

  async memory({ settings, emulator, serialized, raw }) {
    const result = await measureProviderMemory(
      emulator,
      await serialized(),
      settings.waitingCreates,
    );
    raw.memory = result;
    const name = "4b. Provider process RSS";
    const memory = (reading: { rssBytes: number; peakRssBytes: number }) =>
      `${formatMiB(reading.rssBytes)} (peak ${formatMiB(reading.peakRssBytes)})`;
    return [
      {
        benchmark: name,
        figure: "empty provider, after first check",
        value: memory(result.emptyIdle),
      },
      {
        benchmark: name,
        figure: `empty provider, after ${result.waitingCreates} no-op creates sent at once`,
        value: memory(result.emptyAfterCreates),
      },
      {
        benchmark: name,
        figure: "our provider, after first check",
        value: memory(result.recorderIdle),
      },
      {
        benchmark: name,
        figure: `our provider, ${result.waitingCreates} creates waiting for callbacks`,
        value: memory(result.recorderWaiting),
        target: `peak < 150 MB (${formatMiB(PEAK_RSS_TARGET_BYTES)})`,
        met: result.recorderWaiting.peakRssBytes < PEAK_RSS_TARGET_BYTES,
      },
    ];
  },

  async load({ settings, emulator, serialized, raw }) {
    const result = await measureProviderLoad(emulator, await serialized(), settings.loadRuns);
    raw.load = result;
    const name = "5. Provider load";
    const runs = `median of ${settings.loadRuns}`;
    return [
      {
        benchmark: name,
        figure: `spawn -> first Check answered, our provider (${runs})`,
        value: formatMs(result.medianRecorderMs),
      },
      {
        benchmark: name,
        figure: `spawn -> first Check answered, empty provider (${runs})`,
        value: formatMs(result.medianNoopMs),
      },
      {
        benchmark: name,
        figure: "port printed -> first Check answered, ours / empty",
        value: `${formatMs(result.medianRecorderAfterListeningMs)} / ${formatMs(result.medianNoopAfterListeningMs)}`,
      },
      {
        benchmark: name,
        figure: `require() on top of the SDK process: time, RSS growth (${runs})`,
        value: Object.entries(result.requires)
          .map(
            ([specifier, cost]) =>
              `${specifier} ${formatMs(cost.ms)}, +${formatMiB(cost.rssDeltaBytes)}`,
          )
          .join("; "),
      },
    ];
  },
};

const SCENARIO_LABELS = {
  accepted: "valid callbacks, each to its own registered token",
  duplicate: "valid callbacks to one settled token (duplicates)",
  forged: "forged tokens",
} as const;

function ratioRow(benchmark: string, figure: string, ratio: number, target: number): ResultRow {
  return {
    benchmark,
    figure,
    value: ratio.toFixed(2),
    target: `<= ${target}`,
    met: ratio <= target,
  };
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([kind, count]) => `${kind}: ${count}`)
    .join(", ");
}

async function main(): Promise<void> {
  const settings = readBenchSettings(process.env);
  const machine = readMachineInfo();
  console.log(
    `${machine.date}: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memTotal}, ` +
      `load ${machine.loadAverage}; node ${machine.node}, pulumi ${machine.pulumiCli}, ` +
      `@pulumi/pulumi ${machine.pulumiSdk}`,
  );
  const emulator = await startBenchEmulator();
  let serializing: Promise<SerializedProviders> | undefined;
  const context: BenchContext = {
    settings,
    emulator,
    serialized: () => (serializing ??= serializeProviders()),
    raw: {},
  };
  const rows: ResultRow[] = [];
  let failures = 0;
  try {
    for (const name of settings.only) {
      const started = Date.now();
      console.log(`running ${name}...`);
      try {
        rows.push(...(await BENCHMARKS[name](context)));
      } catch (error) {
        failures++;
        // The Automation API's errors repeat the CLI output several times: the start is enough.
        console.error(`benchmark ${name} failed: ${String(error).slice(0, 4000)}`);
        rows.push({ benchmark: name, figure: "FAILED", value: String(error).split("\n")[0] });
      }
      console.log(`  ${name} took ${Math.round((Date.now() - started) / 1000)} s`);
    }
  } finally {
    await emulator.close();
  }
  console.log(`\nload average at the end: ${currentLoadAverage()}\n`);
  console.log(formatResultsTable(rows));
  if (settings.resultsJson) {
    writeFileSync(
      settings.resultsJson,
      JSON.stringify({ machine, settings, rows, raw: context.raw }, null, 2),
    );
  }
  if (failures > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
