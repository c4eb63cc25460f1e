/** Which benchmarks a run can select with `BENCH_ONLY`. */
export const BENCHMARK_NAMES = [
  "floor",
  "scale",
  "latency",
  "throughput",
  "memory",
  "load",
] as const;

/** One of {@link BENCHMARK_NAMES}. */
export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

/** Run counts and sizes, each from a `BENCH_*` environment variable or its default. */
export interface BenchSettings {
  /** The benchmarks to run (`BENCH_ONLY=floor,latency`); all by default. */
  only: BenchmarkName[];
  /** Untimed up+destroy rounds per stack before the timed ones (`BENCH_WARMUP`). */
  warmupRuns: number;
  /** Timed `pulumi up` runs per stack for the engine floor (`BENCH_RUNS`, at least 5). */
  floorRuns: number;
  /** Timed `pulumi up` runs per stack for the parallel scale (`BENCH_SCALE_RUNS`). */
  scaleRuns: number;
  /** Creates timed per callback-latency mode (`BENCH_LATENCY_DEPLOYMENTS`). */
  latencyDeployments: number;
  /** Creates whose callbacks come together in the burst latency mode (`BENCH_LATENCY_BURST`). */
  latencyBurst: number;
  /** Seconds autocannon fires duplicate and forged callbacks (`BENCH_CANNON_SECONDS`). */
  cannonSeconds: number;
  /** Distinct registered tokens, each called back once, in the accepted run (`BENCH_CANNON_ACCEPTED`). */
  cannonAccepted: number;
  /** autocannon connections (`BENCH_CANNON_CONNECTIONS`). */
  cannonConnections: number;
  /** Creates waiting for their callbacks when the provider's RSS is read (`BENCH_WAITING_CREATES`). */
  waitingCreates: number;
  /** Fresh provider processes started per provider for the load cost (`BENCH_LOAD_RUNS`). */
  loadRuns: number;
  /** Where to write every raw sample as JSON (`BENCH_RESULTS_JSON`); nowhere by default. */
  resultsJson?: string;
}

/**
 * Reads the benchmark settings, refusing values that are not positive integers so that a typo
 * fails at once instead of after minutes of benchmarking.
 *
 * @example
 * ```ts
 * const settings = readBenchSettings({ BENCH_RUNS: "7" });
 * settings.floorRuns; // 7
 * ```
 */
export function readBenchSettings(env: NodeJS.ProcessEnv): BenchSettings {
  const count = (name: string, fallback: number, minimum = 1): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < minimum) {
      throw new Error(`${name} must be an integer >= ${minimum}, got "${raw}"`);
    }
    return value;
  };
  return {
    only: readOnly(env.BENCH_ONLY),
    warmupRuns: count("BENCH_WARMUP", 1, 0),
    floorRuns: count("BENCH_RUNS", 5, 5),
    scaleRuns: count("BENCH_SCALE_RUNS", 3),
    latencyDeployments: count("BENCH_LATENCY_DEPLOYMENTS", 1000),
    latencyBurst: count("BENCH_LATENCY_BURST", 32),
    cannonSeconds: count("BENCH_CANNON_SECONDS", 5),
    cannonAccepted: count("BENCH_CANNON_ACCEPTED", 10_000),
    cannonConnections: count("BENCH_CANNON_CONNECTIONS", 10),
    waitingCreates: count("BENCH_WAITING_CREATES", 200),
    loadRuns: count("BENCH_LOAD_RUNS", 10),
    resultsJson: env.BENCH_RESULTS_JSON || undefined,
  };
}

function readOnly(raw: string | undefined): BenchmarkName[] {
  if (raw === undefined || raw.trim() === "") return [...BENCHMARK_NAMES];
  const names = raw.split(",").map((name) => name.trim());
  for (const name of names) {
    if (!(BENCHMARK_NAMES as readonly string[]).includes(name)) {
      throw new Error(`BENCH_ONLY names unknown benchmark "${name}"; use ${BENCHMARK_NAMES}`);
    }
  }
  return names as BenchmarkName[];
}
