import { setTimeout as sleep } from "node:timers/promises";
import type { RunningEmulator } from "../emulator/src";
import { repoRoot } from "./bench-stack";
import {
  startDynamicProvider,
  type DynamicProviderProcess,
  type ProcessMemory,
} from "./dynamic-provider-process";
import { deploymentProperties, expectNoFailures, providerConfig } from "./provider-config";
import type { SerializedProviders } from "./serialized-providers";

/** Longer than any create waits here, so none times out while memory is read. */
const WAIT_SECONDS = 600;
/** How long the emulator may take to receive every deploy request. */
const ALL_POSTED_TIMEOUT_MS = 120_000;
/** Lets the last creates reach their wait before the reading. */
const SETTLE_MS = 500;

/** Memory of the provider processes, each read from /proc/<pid>/status. */
export interface ProviderMemoryResult {
  waitingCreates: number;
  /** The empty provider after Configure and its first Check. */
  emptyIdle: ProcessMemory;
  /** The empty provider after `waitingCreates` no-op creates sent at once (and answered). */
  emptyAfterCreates: ProcessMemory;
  /** Our provider after Configure and its first Check. */
  recorderIdle: ProcessMemory;
  /** Our provider with `waitingCreates` creates accepted by JOD and waiting for callbacks. */
  recorderWaiting: ProcessMemory;
}

/**
 * Benchmark 4b: the RSS of the real dynamic-provider process (SDK, gRPC and our provider) with
 * `waitingCreates` RecorderDeployment creates in flight. The emulator drops every callback, so
 * the creates stay registered and waiting; once the emulator has received all the deploy
 * requests (and half a second more), VmRSS and VmHWM (the peak so far) are read; then the
 * process is killed. Baselines: the empty provider's process after its first Check, and after
 * as many no-op creates sent at once.
 *
 * @example
 * ```ts
 * const { recorderWaiting } = await measureProviderMemory(emulator, serialized, 200);
 * ```
 */
export async function measureProviderMemory(
  emulator: RunningEmulator,
  serialized: SerializedProviders,
  waitingCreates: number,
): Promise<ProviderMemoryResult> {
  const empty = await withProvider(async (provider) => {
    await provider.configure(providerConfig(emulator));
    expectNoFailures(await provider.check(deploymentProperties(serialized.noop, "lon")));
    const idle = provider.memory();
    await Promise.all(
      Array.from({ length: waitingCreates }, (_, index) =>
        provider.create(urnOf("bench:Noop", index), deploymentProperties(serialized.noop, "lon")),
      ),
    );
    return { idle, afterCreates: provider.memory() };
  });
  emulator.setFaults({ callbackMode: "drop" });
  try {
    return await withProvider(async (provider) => {
      await provider.configure(providerConfig(emulator));
      expectNoFailures(await provider.check(deploymentProperties(serialized.recorder, "lon")));
      const recorderIdle = provider.memory();
      const before = emulator.deployments().length;
      for (let index = 0; index < waitingCreates; index++) {
        // Never answered: the process is killed while they wait.
        provider
          .create(
            urnOf("jod:RecorderDeployment", index),
            deploymentProperties(serialized.recorder, "lon", WAIT_SECONDS),
          )
          .catch(() => undefined);
      }
      await waitFor(
        () => emulator.deployments().length - before >= waitingCreates,
        ALL_POSTED_TIMEOUT_MS,
        () => `JOD received ${emulator.deployments().length - before} of ${waitingCreates} deploys`,
      );
      await sleep(SETTLE_MS);
      return {
        waitingCreates,
        emptyIdle: empty.idle,
        emptyAfterCreates: empty.afterCreates,
        recorderIdle,
        recorderWaiting: provider.memory(),
      };
    });
  } finally {
    emulator.clearFaults();
  }
}

function urnOf(type: string, index: number): string {
  return `urn:pulumi:bench::jod-bench::pulumi-nodejs:dynamic/${type}::r${index}`;
}

async function withProvider<T>(use: (provider: DynamicProviderProcess) => Promise<T>): Promise<T> {
  const provider = await startDynamicProvider(repoRoot());
  try {
    return await use(provider);
  } finally {
    await provider.stop();
  }
}

async function waitFor(done: () => boolean, timeoutMs: number, describe: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await sleep(20);
  }
}
