import * as jod from "pulumi-jod";
import type { RunningEmulator } from "../emulator/src";
import { TEST_DOMAIN } from "../test/helpers/jod-test-setup";
import type { PulumiTestStack } from "../test/helpers/pulumi-test-stack";
import { createBenchStack, removeAll, timeUp } from "./bench-stack";
import { NoopResource } from "./noop-resource";
import { median } from "./statistics";

/** The inputs both resources of the comparison get. */
const INPUTS = { domain: TEST_DOMAIN, recorders: 1, duration: 1, location: "lon" } as const;

/** Every timed `pulumi up` of the engine-floor benchmark, in milliseconds. */
export interface EngineFloorResult {
  recorderMs: number[];
  noopMs: number[];
  /** median(recorderMs) / median(noopMs). */
  ratio: number;
}

/**
 * Benchmark 1: the wall time of `pulumi up` for a stack with one RecorderDeployment (the
 * emulator answers and calls back at once) against the same stack with one no-op dynamic
 * resource. Each stack is brought up and destroyed in turn; only the ups are timed, and the
 * order alternates (AB, BA, ...) so that drift in the machine's load hits both alike.
 *
 * @example
 * ```ts
 * const { ratio } = await measureEngineFloor(emulator, { runs: 5, warmupRuns: 1 });
 * ```
 */
export async function measureEngineFloor(
  emulator: RunningEmulator,
  options: { runs: number; warmupRuns: number },
): Promise<EngineFloorResult> {
  emulator.setFaults({ callbackDelayMs: 0 });
  const stacks: PulumiTestStack[] = [];
  try {
    const recorderStack = await createBenchStack(
      "floor-recorder",
      async () => {
        const deployment = new jod.RecorderDeployment("recorders", INPUTS);
        return { status: deployment.status };
      },
      emulator,
    );
    stacks.push(recorderStack);
    const noopStack = await createBenchStack(
      "floor-noop",
      async () => {
        const noop = new NoopResource("noop", INPUTS);
        return { id: noop.id };
      },
      emulator,
    );
    stacks.push(noopStack);
    return await timeAlternately(recorderStack, noopStack, options);
  } finally {
    await removeAll(stacks);
  }
}

async function timeAlternately(
  recorderStack: PulumiTestStack,
  noopStack: PulumiTestStack,
  options: { runs: number; warmupRuns: number },
): Promise<EngineFloorResult> {
  const recorderMs: number[] = [];
  const noopMs: number[] = [];
  const upRecorder = async () => {
    const { ms, outputs } = await timeUp(recorderStack, { expectCreates: 2 });
    if (outputs.status !== "ready") {
      throw new Error(`the RecorderDeployment ended ${String(outputs.status)}, not ready`);
    }
    await recorderStack.destroy();
    return ms;
  };
  const upNoop = async () => {
    const { ms } = await timeUp(noopStack, { expectCreates: 2 });
    await noopStack.destroy();
    return ms;
  };
  for (let round = 0; round < options.warmupRuns; round++) {
    await upRecorder();
    await upNoop();
  }
  for (let round = 0; round < options.runs; round++) {
    if (round % 2 === 0) {
      recorderMs.push(await upRecorder());
      noopMs.push(await upNoop());
    } else {
      noopMs.push(await upNoop());
      recorderMs.push(await upRecorder());
    }
  }
  return { recorderMs, noopMs, ratio: median(recorderMs) / median(noopMs) };
}
