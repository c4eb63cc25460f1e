import * as pulumi from "@pulumi/pulumi";
import * as jod from "pulumi-jod";
import type { RunningEmulator } from "../emulator/src";
import { TEST_DOMAIN } from "../test/helpers/jod-test-setup";
import type { PulumiTestStack } from "../test/helpers/pulumi-test-stack";
import { createBenchStack, removeAll, timeUp } from "./bench-stack";
import { median } from "./statistics";

/** How long the emulator waits before each callback in this benchmark. */
export const SCALE_CALLBACK_DELAY_MS = 2000;

/** 8 locations x 4 deployments. */
export const SCALE_DEPLOYMENTS = 32;

/** Timed ups of the parallel-scale benchmark, in milliseconds. */
export interface ParallelScaleResult {
  /** One deployment, the engine's default parallelism. */
  oneMs: number[];
  /** 32 deployments, the engine's default parallelism (4 x GOMAXPROCS unless PULUMI_PARALLEL). */
  manyDefaultMs: number[];
  /** 32 deployments, `--parallel 32`. */
  manyParallelMs: number[];
  /** median(manyParallelMs) / median(oneMs). */
  ratioParallel: number;
  /** median(manyDefaultMs) / median(oneMs). */
  ratioDefault: number;
}

/**
 * Benchmark 2: one `pulumi up` of 32 RecorderDeployments (4 in each of the 8 locations) against
 * one of a single RecorderDeployment, the emulator calling back 2 s after each deploy. The 32 are
 * timed twice: with the engine's default `--parallel` and with `--parallel 32`, which lets every
 * create wait at once. Rounds rotate the order of the three cases; each up is followed by an
 * untimed destroy.
 *
 * @example
 * ```ts
 * const { ratioParallel } = await measureParallelScale(emulator, { runs: 3, warmupRuns: 1 });
 * ```
 */
export async function measureParallelScale(
  emulator: RunningEmulator,
  options: { runs: number; warmupRuns: number },
): Promise<ParallelScaleResult> {
  emulator.setFaults({ callbackDelayMs: SCALE_CALLBACK_DELAY_MS });
  const stacks: PulumiTestStack[] = [];
  try {
    const oneStack = await createBenchStack("scale-1", () => deploy(["lon"], 1), emulator);
    stacks.push(oneStack);
    const manyStack = await createBenchStack(
      "scale-32",
      () => deploy(jod.LOCATION_CODES, SCALE_DEPLOYMENTS / jod.LOCATION_CODES.length),
      emulator,
    );
    stacks.push(manyStack);

    const cases: ScaleCase[] = [
      { stack: oneStack, deployments: 1, samples: [] },
      { stack: manyStack, deployments: SCALE_DEPLOYMENTS, samples: [] },
      {
        stack: manyStack,
        deployments: SCALE_DEPLOYMENTS,
        parallel: SCALE_DEPLOYMENTS,
        samples: [],
      },
    ];
    const upAndDestroy = async (which: ScaleCase) => {
      const { ms, outputs } = await timeUp(which.stack, {
        expectCreates: which.deployments + 1,
        parallel: which.parallel,
      });
      if (outputs.ready !== which.deployments) {
        throw new Error(`${String(outputs.ready)} of ${which.deployments} deployments were ready`);
      }
      await which.stack.destroy();
      return ms;
    };
    for (let round = 0; round < options.warmupRuns; round++) {
      await upAndDestroy(cases[0]);
      await upAndDestroy(cases[2]);
    }
    for (let round = 0; round < options.runs; round++) {
      for (let step = 0; step < cases.length; step++) {
        const which = cases[(round + step) % cases.length];
        which.samples.push(await upAndDestroy(which));
      }
    }
    const [one, manyDefault, manyParallel] = cases.map((which) => which.samples);
    return {
      oneMs: one,
      manyDefaultMs: manyDefault,
      manyParallelMs: manyParallel,
      ratioParallel: median(manyParallel) / median(one),
      ratioDefault: median(manyDefault) / median(one),
    };
  } finally {
    await removeAll(stacks);
  }
}

/** One stack and parallelism, with its timed ups. */
interface ScaleCase {
  stack: PulumiTestStack;
  deployments: number;
  /** `--parallel`; the engine's default when undefined. */
  parallel?: number;
  samples: number[];
}

/** A program with `perLocation` one-recorder deployments in each location; exports how many are ready. */
function deploy(locations: readonly jod.Location[], perLocation: number) {
  const statuses = locations.flatMap((location) =>
    Array.from(
      { length: perLocation },
      (_, index) =>
        new jod.RecorderDeployment(`${location}-${index}`, {
          domain: TEST_DOMAIN,
          recorders: 1,
          duration: 1,
          location,
        }).status,
    ),
  );
  return Promise.resolve({
    ready: pulumi.all(statuses).apply((all) => all.filter((status) => status === "ready").length),
  });
}
