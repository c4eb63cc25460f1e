/**
 * `npm run bench`: the figures users feel, against the emulator and the real Pulumi CLI, printed
 * as one table (BENCHMARKS.md says how each is measured). Not a test: nothing here passes or
 * fails a build. Knobs: the BENCH_* environment variables read below.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { callbackLatency, relayLatency } from "./callback-latency";
import { engineFloor, parallelScale } from "./engine";
import { formatResultsTable, startBenchEmulator, type ResultRow } from "./harness";
import { pluginFigures } from "./plugin";
import { relayFlood } from "./relay-flood";
import {
  providerLoad,
  providerMemory,
  serializeProviders,
  type SerializedProviders,
} from "./provider-process";

const env = process.env;

/** A positive integer from `BENCH_<name>`, refused at once so a typo does not cost minutes. */
function count(name: string, fallback: number, minimum = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${name} must be an integer >= ${minimum}, got "${raw}"`);
  }
  return value;
}

const settings = {
  warmupRuns: count("BENCH_WARMUP", 1, 0),
  floorRuns: count("BENCH_RUNS", 5, 5),
  scaleRuns: count("BENCH_SCALE_RUNS", 3),
  latencyDeployments: count("BENCH_LATENCY_DEPLOYMENTS", 1000),
  latencyBurst: count("BENCH_LATENCY_BURST", 32),
  waitingCreates: count("BENCH_WAITING_CREATES", 200),
  loadRuns: count("BENCH_LOAD_RUNS", 10),
  floodSeconds: count("BENCH_FLOOD_SECONDS", 30),
  floodQuietCallbacks: count("BENCH_FLOOD_QUIET_CALLBACKS", 200),
};

type Benchmark = (serialized: () => Promise<SerializedProviders>) => Promise<ResultRow[]>;

async function main(): Promise<void> {
  const emulator = await startBenchEmulator();
  const benchmarks: Record<string, Benchmark> = {
    floor: () =>
      engineFloor(emulator, { runs: settings.floorRuns, warmupRuns: settings.warmupRuns }),
    scale: () =>
      parallelScale(emulator, { runs: settings.scaleRuns, warmupRuns: settings.warmupRuns }),
    latency: () => callbackLatency(settings.latencyDeployments, settings.latencyBurst),
    "relay-latency": () => relayLatency(settings.latencyDeployments),
    "relay-flood": () => relayFlood(settings.floodSeconds * 1000, settings.floodQuietCallbacks),
    memory: async (serialized) =>
      providerMemory(emulator, await serialized(), settings.waitingCreates),
    load: async (serialized) => providerLoad(emulator, await serialized(), settings.loadRuns),
    plugin: () =>
      pluginFigures(emulator, {
        loadRuns: settings.loadRuns,
        waitingCreates: settings.waitingCreates,
        scaleRuns: settings.scaleRuns,
      }),
  };
  const only = (env.BENCH_ONLY ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of only) {
    if (!(name in benchmarks)) {
      throw new Error(
        `BENCH_ONLY names unknown benchmark "${name}"; use ${Object.keys(benchmarks)}`,
      );
    }
  }
  console.log(describeMachine());
  let serializing: Promise<SerializedProviders> | undefined;
  const serialized = () => (serializing ??= serializeProviders());
  const rows: ResultRow[] = [];
  let failures = 0;
  try {
    for (const name of only.length > 0 ? only : Object.keys(benchmarks)) {
      const started = Date.now();
      console.log(`running ${name}...`);
      try {
        rows.push(...(await benchmarks[name](serialized)));
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
  console.log(`\nload average at the end: ${loadAverage()}\n`);
  const table = formatResultsTable(rows);
  console.log(table);
  if (env.BENCH_RESULTS) writeFileSync(env.BENCH_RESULTS, `${describeMachine()}\n\n${table}\n`);
  if (failures > 0) process.exitCode = 1;
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(" ");
}

/** Where and with what the run happened: date, CPUs, memory, load, versions. */
function describeMachine(): string {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const memKiB = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync("/proc/meminfo", "utf8"))?.[1]);
  const sdk = JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as {
    version: string;
  };
  const cli = execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? "unknown";
  return (
    `${new Date().toISOString()}: ${os.availableParallelism()} CPUs (${cpu}), ` +
    `${(memKiB / 1024 / 1024).toFixed(1)} GiB, load ${loadAverage()}; node ${process.version}, ` +
    `pulumi ${cli}, @pulumi/pulumi ${sdk.version}`
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
