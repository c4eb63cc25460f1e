/**
 * The figures of the real dynamic-provider process (SDK, gRPC and our provider), started by hand
 * and driven over gRPC as the engine would: its memory with 200 creates waiting, and its load
 * cost.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import {
  CheckRequest,
  ConfigureRequest,
  CreateRequest,
  type CheckResponse,
  type CreateResponse,
} from "@pulumi/pulumi/proto/provider_pb";
import { Struct, type JavaScriptValue } from "google-protobuf/google/protobuf/struct_pb";
import { RecorderDeployment } from "pulumi-jod";
import type { RunningEmulator } from "../emulator/src";
import { TEST_API_KEY } from "../test/helpers/jod-test-setup";
import { startRedis, startRelay } from "../test/helpers/relay-process";
import { waitUntil } from "../test/helpers/reliability-processes";
import {
  BENCH_INPUTS,
  formatMiB,
  formatMs,
  median,
  NoopResource,
  repoRoot,
  rowsOf,
  type ResultRow,
} from "./harness";

const execFileAsync = promisify(execFile);

/** Issue 7's "< 150 MB", read strictly as decimal megabytes. */
const PEAK_RSS_TARGET_BYTES = 150_000_000;
/** Longer than any create waits here, so none times out while memory is read. */
const WAIT_SECONDS = 600;
/** The modules whose load time in a fresh process explains the provider's load cost. */
const TIMED_MODULES = ["pulumi-jod/runtime", "express", "node-fetch"] as const;

/** VmRSS (now) and VmHWM (the peak so far) of a process, from /proc/<pid>/status. */
export interface ProcessMemory {
  rssBytes: number;
  peakRssBytes: number;
}

export function readProcessMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: kib("VmRSS"), peakRssBytes: kib("VmHWM") };
}

export function formatMemory(reading: ProcessMemory): string {
  return `${formatMiB(reading.rssBytes)} (peak ${formatMiB(reading.peakRssBytes)})`;
}

/** The serialized dynamic providers, exactly as the engine sends them as `__provider`. */
export interface SerializedProviders {
  recorder: string;
  noop: string;
}

/** Serializes both providers through the SDK, in a child (the SDK's mocks would disturb us). */
export async function serializeProviders(): Promise<SerializedProviders> {
  const { stdout } = await execFileAsync(
    process.execPath,
    [path.join(__dirname, "print-serialized-providers.js")],
    { cwd: repoRoot(), maxBuffer: 16 * 1024 * 1024 },
  );
  const byType = JSON.parse(stdout) as Record<string, string | undefined>;
  const recorder = byType[RecorderDeployment.TYPE];
  const noop = byType[NoopResource.TYPE];
  if (!recorder || !noop) {
    throw new Error(`the SDK serialized no provider for ${Object.keys(byType).join(", ")}`);
  }
  return { recorder, noop };
}

/** A RecorderDeployment's inputs with its serialized provider, as the engine sends them. */
export function deploymentProperties(
  serializedProvider: string,
  timeoutSeconds?: number,
): Record<string, JavaScriptValue> {
  return {
    __provider: serializedProvider,
    ...BENCH_INPUTS,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  };
}

/** The dynamic-provider process, spoken to over gRPC as the engine would. */
export interface DynamicProviderProcess {
  readonly pid: number;
  /** performance.now() just before the spawn, and when the process printed its gRPC port. */
  readonly spawnedAt: number;
  readonly listeningAt: number;
  configure(config: Record<string, string>): Promise<void>;
  /** Check; throws if the provider refused the inputs, so nothing refused is ever timed. */
  check(news: Record<string, JavaScriptValue>): Promise<void>;
  create(urn: string, properties: Record<string, JavaScriptValue>): Promise<{ id: string }>;
  /** Kills the process (SIGKILL: pending creates must not linger) and closes the channel. */
  stop(): Promise<void>;
}

/**
 * Starts `node node_modules/@pulumi/pulumi/cmd/dynamic-provider <engine>` in `cwd`, as the
 * `pulumi-resource-pulumi-nodejs` plugin does (its shell wrapper adds one `node -e
 * require.resolve(...)` before, the same for every provider). The engine address is never
 * dialled, so a dummy one is given.
 */
export async function startDynamicProvider(
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DynamicProviderProcess> {
  const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [cwd] });
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = once(child, "exit");
  let port: string;
  try {
    port = await readPort(child, output);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const listeningAt = performance.now();
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = <Request, Response>(
    method: (request: Request, done: (error: Error | null, answer: Response) => void) => void,
    request: Request,
  ) =>
    new Promise<Response>((resolve, reject) =>
      method.call(client, request, (error, answer) => (error ? reject(error) : resolve(answer))),
    );
  return {
    pid: child.pid as number,
    spawnedAt,
    listeningAt,
    async configure(config) {
      const request = new ConfigureRequest();
      request.setArgs(Struct.fromJavaScript(config));
      await call(client.configure, request);
    },
    async check(news) {
      const request = new CheckRequest();
      request.setUrn("urn:pulumi:bench::jod-bench::bench:Check::first");
      request.setOlds(Struct.fromJavaScript({}));
      request.setNews(Struct.fromJavaScript(news));
      const response = await call<CheckRequest, CheckResponse>(client.check, request);
      const failures = response.getFailuresList();
      if (failures.length > 0) {
        const reasons = failures.map((f) => `${f.getProperty()}: ${f.getReason()}`).join("; ");
        throw new Error(`check failed: ${reasons}`);
      }
    },
    async create(urn, properties) {
      const request = new CreateRequest();
      request.setUrn(urn);
      request.setProperties(Struct.fromJavaScript(properties));
      const response = await call<CreateRequest, CreateResponse>(client.create, request);
      return { id: response.getId() };
    },
    async stop() {
      client.close();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The first stdout line is the port; the process must print it within a minute. */
function readPort(child: ChildProcess, output: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("the dynamic provider printed no port")),
      60_000,
    );
    createInterface({ input: child.stdout! }).once("line", (line) => {
      clearTimeout(timer);
      if (/^\d+$/.test(line.trim())) resolve(line.trim());
      else reject(new Error(`the dynamic provider printed "${line}" instead of its port`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the dynamic provider exited (${code}) early:\n${output.join("")}`));
    });
  });
}

export async function withProvider<T>(
  use: (provider: DynamicProviderProcess) => Promise<T>,
  env?: NodeJS.ProcessEnv,
): Promise<T> {
  const provider = await startDynamicProvider(repoRoot(), env);
  try {
    return await use(provider);
  } finally {
    await provider.stop();
  }
}

export function urnOf(type: string, index: number): string {
  return `urn:pulumi:bench::jod-bench::pulumi-nodejs:dynamic/${type}::r${index}`;
}

function providerConfig(emulator: RunningEmulator): Record<string, string> {
  return { "jod:apiKey": TEST_API_KEY, "jod:endpoint": emulator.url };
}

/**
 * Benchmark 4: the provider process's RSS with `waitingCreates` creates in flight. The emulator
 * drops every callback, so the creates stay waiting; once the emulator has received every
 * deploy request (and half a second more, for the last to reach its wait), VmRSS and VmHWM are
 * read, in direct mode and in relay mode (a real relay from relay/run-local.sh). Baselines: the
 * empty provider after its first Check, and after as many no-op creates.
 */
export async function providerMemory(
  emulator: RunningEmulator,
  serialized: SerializedProviders,
  waitingCreates: number,
): Promise<ResultRow[]> {
  const noopProperties = deploymentProperties(serialized.noop);
  const empty = await withProvider(async (provider) => {
    await provider.configure(providerConfig(emulator));
    await provider.check(noopProperties);
    const idle = readProcessMemory(provider.pid);
    const noop = (_: unknown, i: number) => provider.create(urnOf("bench:Noop", i), noopProperties);
    await Promise.all(Array.from({ length: waitingCreates }, noop));
    return { idle, afterCreates: readProcessMemory(provider.pid) };
  });
  const ours = await waitingMemory(emulator, serialized, waitingCreates);
  // The Redis store: the provider refuses a relay on nchan's memory store.
  const redis = await startRedis();
  const relay = await startRelay({ redis: redis.url });
  const relayMode = { "jod:callbackRelay": relay.baseUrl, "jod:relaySecret": relay.secret };
  const relayed = await waitingMemory(emulator, serialized, waitingCreates, relayMode).finally(
    async () => {
      await relay.stop();
      await redis.stop();
    },
  );
  const overEmpty = relayed.waiting.peakRssBytes - empty.afterCreates.peakRssBytes;
  const row = rowsOf("4. Provider process RSS");
  const waiting = `${waitingCreates} creates waiting for callbacks`;
  return [
    row("empty provider, after first check", formatMemory(empty.idle)),
    row(`empty provider, after ${waitingCreates} no-op creates`, formatMemory(empty.afterCreates)),
    row("our provider, after first check", formatMemory(ours.idle)),
    row(
      `our provider, ${waiting}`,
      formatMemory(ours.waiting),
      `peak < 150 MB (${formatMiB(PEAK_RSS_TARGET_BYTES)})`,
      ours.waiting.peakRssBytes < PEAK_RSS_TARGET_BYTES,
    ),
    row(
      `our provider in relay mode, ${waiting}; peak over the empty provider's after its creates`,
      `${formatMemory(relayed.waiting)}; +${formatMiB(overEmpty)}`,
      "<= +10 MiB",
      overEmpty <= 10 * 1024 * 1024,
    ),
  ];
}

/** A fresh provider, `waitingCreates` creates waiting in it: JOD drops every callback. */
async function waitingMemory(
  emulator: RunningEmulator,
  serialized: SerializedProviders,
  waitingCreates: number,
  extraConfig: Record<string, string> = {},
) {
  emulator.setFaults({ callbackMode: "drop" });
  try {
    return await withProvider(async (provider) => {
      await provider.configure({ ...providerConfig(emulator), ...extraConfig });
      await provider.check(deploymentProperties(serialized.recorder));
      const idle = readProcessMemory(provider.pid);
      const before = emulator.deployments().length;
      const properties = deploymentProperties(serialized.recorder, WAIT_SECONDS);
      // Never answered: the process is killed while they wait.
      for (let index = 0; index < waitingCreates; index++) {
        provider.create(urnOf("jod:RecorderDeployment", index), properties).catch(() => undefined);
      }
      const posted = () => emulator.deployments().length - before >= waitingCreates;
      await waitUntil(posted, `JOD to receive ${waitingCreates} deploys`, 120_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { idle, waiting: readProcessMemory(provider.pid) };
    });
  } finally {
    emulator.clearFaults();
  }
}

/**
 * Benchmark 5: fresh provider processes, ours and the no-op alternately, timed from the spawn
 * to the answer of their first Check (after a Configure). Then, in fresh processes that first
 * load the SDK's dynamic-provider module (require-timer.ts), the `require()` time and RSS
 * growth of the provider's runtime and of each of its two dependencies alone.
 */
export async function providerLoad(
  emulator: RunningEmulator,
  serialized: SerializedProviders,
  runs: number,
): Promise<ResultRow[]> {
  const timings = { recorder: [] as number[][], noop: [] as number[][] };
  const timeOne = (which: keyof SerializedProviders) =>
    withProvider(async (provider) => {
      await provider.configure(providerConfig(emulator));
      await provider.check(deploymentProperties(serialized[which]));
      const checked = performance.now() - provider.spawnedAt;
      timings[which].push([checked, checked - (provider.listeningAt - provider.spawnedAt)]);
    });
  for (let run = 0; run < runs; run++) {
    const order: (keyof SerializedProviders)[] =
      run % 2 === 0 ? ["recorder", "noop"] : ["noop", "recorder"];
    for (const which of order) await timeOne(which);
  }
  const requires: string[] = [];
  for (const specifier of TIMED_MODULES) {
    const samples: { ms: number; rssDeltaBytes: number }[] = [];
    for (let run = 0; run < runs; run++) {
      const { stdout } = await execFileAsync(
        process.execPath,
        ["--expose-gc", path.join(__dirname, "require-timer.js"), specifier],
        { cwd: repoRoot() },
      );
      samples.push(JSON.parse(stdout.trim().split("\n").pop() as string));
    }
    const ms = median(samples.map((sample) => sample.ms));
    const rss = median(samples.map((sample) => sample.rssDeltaBytes));
    requires.push(`${specifier} ${formatMs(ms)}, +${formatMiB(rss)}`);
  }
  const medianOf = (which: keyof SerializedProviders, part: 0 | 1) =>
    formatMs(median(timings[which].map((timing) => timing[part])));
  const row = rowsOf("5. Provider load");
  const medians = `median of ${runs}`;
  return [
    row(`spawn -> first Check answered, our provider (${medians})`, medianOf("recorder", 0)),
    row(`spawn -> first Check answered, empty provider (${medians})`, medianOf("noop", 0)),
    row(
      "port printed -> first Check answered, ours / empty",
      `${medianOf("recorder", 1)} / ${medianOf("noop", 1)}`,
    ),
    row(`require() on top of the SDK process: time, RSS growth (${medians})`, requires.join("; ")),
  ];
}
