/**
 * The figures of whole `pulumi up` runs on the real engine: the engine floor (one
 * RecorderDeployment against one no-op dynamic resource) and the parallel scale (32 deployments
 * against one).
 */
import os from "node:os";
import * as pulumi from "@pulumi/pulumi";
import * as jod from "pulumi-jod";
import type { RunningEmulator } from "../emulator/src";
import type { PulumiTestStack } from "../test/helpers/pulumi-test-stack";
import {
  BENCH_INPUTS,
  createBenchStack,
  formatMs,
  median,
  NoopResource,
  rowsOf,
  timeUp,
} from "./harness";
import type { ResultRow } from "./harness";

/** How long the emulator waits before each callback in the parallel-scale benchmark. */
const SCALE_CALLBACK_DELAY_MS = 2000;
/** 8 locations x 4 deployments. */
const SCALE_DEPLOYMENTS = 32;
/** The engine's default `--parallel` without PULUMI_PARALLEL: 4 x GOMAXPROCS (the CPU count). */
const ENGINE_DEFAULT_PARALLEL =
  Number(process.env.PULUMI_PARALLEL) || 4 * os.availableParallelism();

interface Runs {
  runs: number;
  warmupRuns: number;
}

/** One stack and parallelism, brought up (timed) and destroyed (untimed) in each round. */
interface UpCase {
  stack: PulumiTestStack;
  /** Resources the up must create, and report `ready`. */
  resources: number;
  /** `--parallel`; the engine's default when undefined. */
  parallel?: number;
  samples: number[];
}

/** A program with `perLocation` one-recorder deployments in each location; exports how many are ready. */
async function deploy(locations: readonly jod.Location[], perLocation: number) {
  const statuses = locations.flatMap((location) =>
    Array.from(
      { length: perLocation },
      (_, index) =>
        new jod.RecorderDeployment(`${location}-${index}`, { ...BENCH_INPUTS, location }).status,
    ),
  );
  return {
    ready: pulumi.all(statuses).apply((all) => all.filter((status) => status === "ready").length),
  };
}

async function noopProgram() {
  return { ready: new NoopResource("noop", BENCH_INPUTS).id.apply(() => 1) };
}

/**
 * Each stack is created, then warm-up rounds run, then timed rounds that rotate the order of the
 * cases (AB, BA, ... for two) so that drift in the machine's load hits every case alike. Every
 * up must create all its resources and end with all of them ready, so a failed run is never
 * taken for a fast one.
 */
async function timeCases(
  emulator: RunningEmulator,
  programs: Record<string, () => Promise<{ ready: pulumi.Output<number> }>>,
  cases: (stacks: PulumiTestStack[]) => { timed: UpCase[]; warmup: UpCase[] },
  options: Runs,
): Promise<UpCase[]> {
  const stacks: PulumiTestStack[] = [];
  try {
    for (const [name, program] of Object.entries(programs)) {
      stacks.push(await createBenchStack(name, program, emulator));
    }
    const { timed, warmup } = cases(stacks);
    const upAndDestroy = async (which: UpCase) => {
      const { ms, outputs } = await timeUp(which.stack, {
        expectCreates: which.resources + 1,
        parallel: which.parallel,
      });
      if (outputs.ready !== which.resources) {
        throw new Error(`${String(outputs.ready)} of ${which.resources} resources were ready`);
      }
      await which.stack.destroy();
      return ms;
    };
    for (let round = 0; round < options.warmupRuns; round++) {
      for (const which of warmup) await upAndDestroy(which);
    }
    for (let round = 0; round < options.runs; round++) {
      for (let step = 0; step < timed.length; step++) {
        const which = timed[(round + step) % timed.length];
        which.samples.push(await upAndDestroy(which));
      }
    }
    return timed;
  } finally {
    await Promise.all(stacks.map((stack) => stack.remove()));
  }
}

function upCase(stack: PulumiTestStack, resources: number, parallel?: number): UpCase {
  return { stack, resources, parallel, samples: [] };
}

const ratioOf = (a: UpCase, b: UpCase) => median(a.samples) / median(b.samples);

/**
 * Benchmark 1: `pulumi up` of one RecorderDeployment (the emulator answers and calls back at
 * once) against the same stack with one no-op dynamic resource.
 */
export async function engineFloor(emulator: RunningEmulator, options: Runs): Promise<ResultRow[]> {
  emulator.setFaults({ callbackDelayMs: 0 });
  const [recorder, noop] = await timeCases(
    emulator,
    { "floor-recorder": () => deploy(["lon"], 1), "floor-noop": noopProgram },
    ([recorderStack, noopStack]) => {
      const both = [upCase(recorderStack, 1), upCase(noopStack, 1)];
      return { timed: both, warmup: both };
    },
    options,
  );
  const row = rowsOf("1. Engine floor");
  const runs = `median of ${options.runs}`;
  const ratio = ratioOf(recorder, noop);
  return [
    row(`up, 1 RecorderDeployment (${runs})`, formatMs(median(recorder.samples))),
    row(`up, 1 no-op dynamic resource (${runs})`, formatMs(median(noop.samples))),
    row("ratio RecorderDeployment / no-op", ratio.toFixed(2), "<= 1.3", ratio <= 1.3),
  ];
}

/**
 * Benchmark 2: one `pulumi up` of 32 RecorderDeployments (4 in each of the 8 locations) against
 * one of a single deployment, the emulator calling back 2 s after each deploy. The 32 are timed
 * with the engine's default `--parallel` and with `--parallel 32`, which lets every create wait
 * at once.
 */
export async function parallelScale(
  emulator: RunningEmulator,
  options: Runs,
): Promise<ResultRow[]> {
  emulator.setFaults({ callbackDelayMs: SCALE_CALLBACK_DELAY_MS });
  const perLocation = SCALE_DEPLOYMENTS / jod.LOCATION_CODES.length;
  try {
    const [one, manyDefault, manyParallel] = await timeCases(
      emulator,
      {
        "scale-1": () => deploy(["lon"], 1),
        "scale-32": () => deploy(jod.LOCATION_CODES, perLocation),
      },
      ([oneStack, manyStack]) => {
        const timed = [
          upCase(oneStack, 1),
          upCase(manyStack, SCALE_DEPLOYMENTS),
          upCase(manyStack, SCALE_DEPLOYMENTS, SCALE_DEPLOYMENTS),
        ];
        return { timed, warmup: [timed[0], timed[2]] };
      },
      options,
    );
    const row = rowsOf("2. Parallel scale");
    const runs = `median of ${options.runs}`;
    const many = `up, ${SCALE_DEPLOYMENTS} deployments`;
    const ratioRow = (figure: string, ratio: number) =>
      row(figure, ratio.toFixed(2), "<= 1.5", ratio <= 1.5);
    return [
      row(
        `up, 1 deployment, callbacks after ${SCALE_CALLBACK_DELAY_MS / 1000} s (${runs})`,
        formatMs(median(one.samples)),
      ),
      row(
        `${many}, --parallel ${SCALE_DEPLOYMENTS} (${runs})`,
        formatMs(median(manyParallel.samples)),
      ),
      row(
        `${many}, default --parallel (${ENGINE_DEFAULT_PARALLEL} here) (${runs})`,
        formatMs(median(manyDefault.samples)),
      ),
      ratioRow(
        `ratio ${SCALE_DEPLOYMENTS} / 1, --parallel ${SCALE_DEPLOYMENTS}`,
        ratioOf(manyParallel, one),
      ),
      ratioRow(`ratio ${SCALE_DEPLOYMENTS} / 1, default --parallel`, ratioOf(manyDefault, one)),
    ];
  } finally {
    emulator.clearFaults();
  }
}
