/**
 * What every benchmark shares: the emulator, benchmark stacks and timed ups, the no-op baseline
 * resource, and the statistics and formatting of the results table.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { JOD_LOCATIONS, startEmulator, type RunningEmulator } from "../emulator/src";
import {
  jodConfig,
  PRICE_PER_RECORDER_HOUR,
  TEST_API_KEY,
  TEST_DOMAIN,
} from "../test/helpers/jod-test-setup";
import { PulumiTestStack } from "../test/helpers/pulumi-test-stack";

/** The inputs every benchmarked RecorderDeployment (and its no-op twin) gets. */
export const BENCH_INPUTS = {
  domain: TEST_DOMAIN,
  recorders: 1,
  duration: 1,
  location: "lon",
} as const;

/**
 * The repository root, from `dist/bench` where the benchmarks run. Stacks and provider processes
 * live below it, so that they resolve `pulumi-jod` from the workspace.
 */
export function repoRoot(): string {
  const root = path.resolve(__dirname, "..", "..");
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    name?: string;
  };
  if (manifest.name !== "pulumi-jod-workspace") {
    throw new Error(`expected the repository root at ${root}; run the benchmarks from dist/bench`);
  }
  return root;
}

/**
 * The emulator with the test account, and a balance and capacity no run can exhaust (no 402, no
 * full location). Callbacks come at once until a benchmark sets `callbackDelayMs`.
 */
export function startBenchEmulator(): Promise<RunningEmulator> {
  return startEmulator({
    accounts: [{ apiKey: TEST_API_KEY, balance: 1_000_000, domains: [TEST_DOMAIN] }],
    pricePerRecorderHour: PRICE_PER_RECORDER_HOUR,
    capacity: Object.fromEntries(JOD_LOCATIONS.map((location) => [location, 100_000])),
    callbackDelayMs: 0,
  });
}

/** A stack under `.cache/bench`, configured for the emulator with the key as a secret. */
export function createBenchStack(
  name: string,
  program: PulumiFn,
  emulator: RunningEmulator,
): Promise<PulumiTestStack> {
  const folder = `${name}-${Date.now()}-${randomBytes(3).toString("hex")}`;
  return PulumiTestStack.create({
    program,
    config: jodConfig(emulator),
    projectName: "jod-bench",
    workDir: path.join(repoRoot(), ".cache", "bench", folder),
  });
}

/**
 * Times `pulumi up` from the call to its result (CLI start, program, plugin, every operation,
 * state write). Throws unless the engine reported `expectCreates` creates (the stack included),
 * so a failed or partial run is never taken for a fast one.
 */
export async function timeUp(
  stack: PulumiTestStack,
  options: { expectCreates: number; parallel?: number },
): Promise<{ ms: number; outputs: Record<string, unknown> }> {
  const started = performance.now();
  const result = await stack.stack.up({ parallel: options.parallel });
  const ms = performance.now() - started;
  const creates = result.summary.resourceChanges?.create ?? 0;
  if (creates !== options.expectCreates) {
    throw new Error(
      `pulumi up created ${creates} resources instead of ${options.expectCreates}:\n${result.stderr}`,
    );
  }
  const outputs = Object.fromEntries(
    Object.entries(result.outputs).map(([key, output]) => [key, output.value]),
  );
  return { ms, outputs };
}

// Free of captured variables, so that its serialized form is as small as a dynamic provider gets.
const noopProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: "noop", outs: inputs };
  },
};

/** The baseline: a dynamic resource with a RecorderDeployment's inputs whose provider does nothing. */
export class NoopResource extends pulumi.dynamic.Resource {
  static readonly TYPE = "pulumi-nodejs:dynamic/bench:Noop";

  constructor(name: string, inputs: pulumi.Inputs) {
    // Copied: the SDK adds `__provider` to the object it is given.
    super(noopProvider, name, { ...inputs }, undefined, "bench", "Noop");
  }
}

/** The nearest-rank percentile (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error("percentile of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}

/** The median (the mean of the two middle samples when their number is even). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error("median of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function formatMs(ms: number): string {
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

export function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** p50 / p99 / max of latency samples. */
export function formatLatency(samples: readonly number[]): string {
  const max = samples.reduce((a, b) => Math.max(a, b), 0);
  return `${formatMs(percentile(samples, 50))} / ${formatMs(percentile(samples, 99))} / ${formatMs(max)}`;
}

/** Counts by kind, e.g. "200 accepted: 1000, error: socket hang up: 1". */
export function formatCounts(kinds: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${kind}: ${count}`).join(", ");
}

/** One line of the results table. */
export interface ResultRow {
  benchmark: string;
  figure: string;
  value: string;
  target?: string;
  /** Whether the target was met; `undefined` when there is no target. */
  met?: boolean;
}

/** Rows of one benchmark: `row(figure, value)`, or with a target and whether it was met. */
export function rowsOf(benchmark: string) {
  type Row = (figure: string, value: string, target?: string, met?: boolean) => ResultRow;
  const row: Row = (figure, value, target, met) => ({ benchmark, figure, value, target, met });
  return row;
}

/** The rows as a Markdown table, readable in a terminal and pasteable into BENCHMARKS.md. */
export function formatResultsTable(rows: readonly ResultRow[]): string {
  const header = ["Benchmark", "Figure", "Value", "Target", "Met"];
  const cells = rows.map((row) => [
    row.benchmark,
    row.figure,
    row.value,
    row.target ?? "",
    row.met === undefined ? "" : row.met ? "yes" : "NO",
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column].length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column])).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`,
    ...cells.map(line),
  ].join("\n");
}
