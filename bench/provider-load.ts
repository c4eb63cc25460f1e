import { execFile } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import type { RunningEmulator } from "../emulator/src";
import { repoRoot } from "./bench-stack";
import { startDynamicProvider } from "./dynamic-provider-process";
import { deploymentProperties, expectNoFailures, providerConfig } from "./provider-config";
import type { SerializedProviders } from "./serialized-providers";
import { median } from "./statistics";

const execFileAsync = promisify(execFile);

/** The modules whose load time in a fresh process explains the provider's load cost. */
export const TIMED_MODULES = ["pulumi-jod/runtime", "express", "node-fetch"] as const;

/** Timings of one fresh provider process, in milliseconds from just before the spawn. */
export interface FirstRequestTiming {
  /** Until the process printed its gRPC port (Node start and the SDK's modules). */
  listeningMs: number;
  /** Until its first Check was answered (after a Configure): the time to first request. */
  firstCheckMs: number;
}

/** What loading one module costs on top of the SDK's dynamic-provider module (medians). */
export interface RequireCost {
  ms: number;
  rssDeltaBytes: number;
}

/** Benchmark 5's samples and medians. */
export interface ProviderLoadResult {
  recorder: FirstRequestTiming[];
  noop: FirstRequestTiming[];
  medianRecorderMs: number;
  medianNoopMs: number;
  /** Median port-to-first-check time of each: where the providers differ. */
  medianRecorderAfterListeningMs: number;
  medianNoopAfterListeningMs: number;
  /** Per module of {@link TIMED_MODULES}: `require()` time and RSS growth in a fresh SDK process. */
  requires: Record<string, RequireCost>;
}

/**
 * Benchmark 5: the cost of loading the provider. Fresh dynamic-provider processes are started
 * by hand (see dynamic-provider-process.ts) and timed from the spawn to the answer of their
 * first Check (Configure, then Check with the serialized provider of a RecorderDeployment or of
 * the no-op resource, as the engine sends them). Runs alternate between the two. Then, in fresh
 * processes that first load the SDK's dynamic-provider module (require-timer.ts), the
 * `require()` time and RSS growth of the provider's runtime, and of each of its two
 * dependencies alone.
 *
 * @example
 * ```ts
 * const result = await measureProviderLoad(emulator, serialized, 10);
 * ```
 */
export async function measureProviderLoad(
  emulator: RunningEmulator,
  serialized: SerializedProviders,
  runs: number,
): Promise<ProviderLoadResult> {
  const recorder: FirstRequestTiming[] = [];
  const noop: FirstRequestTiming[] = [];
  const timeOne = async (serializedProvider: string) => {
    const provider = await startDynamicProvider(repoRoot());
    try {
      await provider.configure(providerConfig(emulator));
      expectNoFailures(await provider.check(deploymentProperties(serializedProvider, "lon")));
      const checkedAt = performance.now();
      return {
        listeningMs: provider.listeningAt - provider.spawnedAt,
        firstCheckMs: checkedAt - provider.spawnedAt,
      };
    } finally {
      await provider.stop();
    }
  };
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      recorder.push(await timeOne(serialized.recorder));
      noop.push(await timeOne(serialized.noop));
    } else {
      noop.push(await timeOne(serialized.noop));
      recorder.push(await timeOne(serialized.recorder));
    }
  }
  const requires: Record<string, RequireCost> = {};
  for (const specifier of TIMED_MODULES) {
    const samples: RequireCost[] = [];
    for (let run = 0; run < runs; run++) samples.push(await timeRequire(specifier));
    requires[specifier] = {
      ms: median(samples.map((sample) => sample.ms)),
      rssDeltaBytes: median(samples.map((sample) => sample.rssDeltaBytes)),
    };
  }
  const afterListening = (timings: FirstRequestTiming[]) =>
    median(timings.map((timing) => timing.firstCheckMs - timing.listeningMs));
  return {
    recorder,
    noop,
    medianRecorderMs: median(recorder.map((timing) => timing.firstCheckMs)),
    medianNoopMs: median(noop.map((timing) => timing.firstCheckMs)),
    medianRecorderAfterListeningMs: afterListening(recorder),
    medianNoopAfterListeningMs: afterListening(noop),
    requires,
  };
}

async function timeRequire(specifier: string): Promise<RequireCost> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ["--expose-gc", path.join(__dirname, "require-timer.js"), specifier],
    { cwd: repoRoot() },
  );
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as RequireCost;
}
