import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../emulator/src";
import { jodConfig } from "../test/helpers/jod-test-setup";
import { PulumiTestStack } from "../test/helpers/pulumi-test-stack";

/**
 * The repository root, from `dist/bench` where this file runs. Benchmark stacks live below it,
 * so that the dynamic provider process resolves `pulumi-jod` from the workspace.
 *
 * @example
 * ```ts
 * path.join(repoRoot(), "node_modules");
 * ```
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
 * A stack for one benchmark case, under `.cache/bench` in the repository, configured for the
 * emulator with the test API key as a secret.
 *
 * @example
 * ```ts
 * const stack = await createBenchStack("floor-noop", program, emulator);
 * await stack.remove();
 * ```
 */
export function createBenchStack(
  name: string,
  program: PulumiFn,
  emulator: RunningEmulator,
): Promise<PulumiTestStack> {
  const workDir = path.join(
    repoRoot(),
    ".cache",
    "bench",
    `${name}-${Date.now()}-${randomBytes(3).toString("hex")}`,
  );
  return PulumiTestStack.create({
    program,
    config: jodConfig(emulator),
    projectName: "jod-bench",
    workDir,
  });
}

/** What one timed `pulumi up` took and returned. */
export interface TimedUp {
  ms: number;
  outputs: Record<string, unknown>;
}

/**
 * Runs `pulumi up` through the Automation API and times it from the call to its result: CLI
 * start, the inline program, the provider plugin, every resource operation and the state write.
 * Throws unless the engine reported exactly `expectCreates` creates (the stack included), so a
 * failed or partial run is never taken for a fast one.
 *
 * @example
 * ```ts
 * const { ms } = await timeUp(stack, { expectCreates: 2 });
 * ```
 */
export async function timeUp(
  stack: PulumiTestStack,
  options: { expectCreates: number; parallel?: number },
): Promise<TimedUp> {
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

/**
 * Removes stacks and their folders, even when a benchmark failed half-way.
 *
 * @example
 * ```ts
 * await removeAll([stackA, stackB]);
 * ```
 */
export async function removeAll(stacks: PulumiTestStack[]): Promise<void> {
  await Promise.all(stacks.map((stack) => stack.remove()));
}
