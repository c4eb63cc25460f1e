/**
 * The resource plugin's figures (issues 20 and 26): its load and memory as a process driven over
 * gRPC (as the engine drives it), and whole `pulumi up` runs of YAML programs on it; each for the
 * npm package's shell-wrapped plugin (node on PATH) and the release's single executable.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import {
  CheckRequest,
  ConfigureRequest,
  CreateRequest,
  GetSchemaRequest,
} from "@pulumi/pulumi/proto/provider_pb";
import type { RunningEmulator } from "../emulator/src";
import { TEST_API_KEY, TEST_DOMAIN } from "../test/helpers/jod-test-setup";
import { pluginTarball } from "../test/helpers/plugin-executable";
import { PLUGIN_DIR, YamlPluginStack } from "../test/helpers/yaml-plugin-stack";
import { BENCH_INPUTS, formatMs, median, rowsOf, type ResultRow } from "./harness";
import { formatMemory, readProcessMemory } from "./provider-process";

const TYPE = "jod:index:RecorderDeployment";

/** One build of the plugin: a folder holding `pulumi-resource-jod`, and how it is named. */
interface PluginVariant {
  label: string;
  dir: string;
}

/** One plugin process, spawned as the engine spawns it (without an engine: logs go to stderr). */
interface PluginProcess {
  pid: number;
  client: ResourceProviderClient;
  spawnedAt: number;
  listeningAt: number;
  call<Response>(method: string, request: unknown): Promise<Response>;
  stop(): void;
}

async function startPlugin(variant: PluginVariant, journal: string): Promise<PluginProcess> {
  const spawnedAt = performance.now();
  const child = spawn(`${variant.dir}/pulumi-resource-jod`, [], {
    stdio: ["ignore", "pipe", "ignore"],
    env: { ...process.env, PULUMI_JOD_JOURNAL_DIR: journal },
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`the plugin exited (${code}) before its port`)));
  });
  const listeningAt = performance.now();
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const methods = client as unknown as Record<
    string,
    (request: unknown, done: (error: Error | null, response: unknown) => void) => void
  >;
  return {
    pid: child.pid as number,
    client,
    spawnedAt,
    listeningAt,
    call: <Response>(method: string, request: unknown) =>
      new Promise<Response>((resolve, reject) =>
        methods[method].call(client, request, (error, response) =>
          error ? reject(error) : resolve(response as Response),
        ),
      ),
    stop() {
      client.close();
      child.kill("SIGKILL");
    },
  };
}

function configure(plugin: PluginProcess, emulator: RunningEmulator): Promise<unknown> {
  const args = Struct.fromJavaScript({ apiKey: TEST_API_KEY, endpoint: emulator.url });
  return plugin.call("configure", new ConfigureRequest().setArgs(args));
}

function checkRequest(index: number): CheckRequest {
  return new CheckRequest()
    .setUrn(`urn:pulumi:bench::jod-bench::${TYPE}::d${index}`)
    .setType(TYPE)
    .setNews(Struct.fromJavaScript({ ...BENCH_INPUTS }));
}

/**
 * Fresh plugin processes timed from the spawn to their port, and to the answer of their first
 * Check (after GetSchema and Configure, as the engine calls them); the RSS then.
 */
async function pluginLoad(
  variant: PluginVariant,
  emulator: RunningEmulator,
  runs: number,
  journal: string,
): Promise<ResultRow[]> {
  const toPort: number[] = [];
  const toCheck: number[] = [];
  const rss: number[] = [];
  let last = "";
  for (let run = 0; run < runs; run++) {
    const plugin = await startPlugin(variant, journal);
    try {
      await plugin.call("getSchema", new GetSchemaRequest());
      await configure(plugin, emulator);
      await plugin.call("check", checkRequest(0));
      toCheck.push(performance.now() - plugin.spawnedAt);
      toPort.push(plugin.listeningAt - plugin.spawnedAt);
      const memory = readProcessMemory(plugin.pid);
      rss.push(memory.rssBytes);
      last = formatMemory(memory);
    } finally {
      plugin.stop();
    }
  }
  const row = rowsOf("6. Plugin");
  return [
    row(`${variant.label}: spawn -> port printed (median of ${runs})`, formatMs(median(toPort))),
    row(
      `${variant.label}: spawn -> first Check answered (median of ${runs})`,
      formatMs(median(toCheck)),
    ),
    row(`${variant.label}: RSS after first Check (last run)`, last),
  ];
}

/** The plugin's RSS with `count` creates waiting for callbacks (the Cancel ends them). */
async function pluginMemory(
  variant: PluginVariant,
  emulator: RunningEmulator,
  count: number,
  journal: string,
): Promise<ResultRow[]> {
  emulator.reset();
  emulator.setFaults({ callbackDelayMs: 600_000 });
  const plugin = await startPlugin(variant, journal);
  try {
    await configure(plugin, emulator);
    const errors: string[] = [];
    const creates: Promise<unknown>[] = [];
    // One at a time until JOD has it, then the next: together they would queue on the file
    // journal's lock (10 s at most), which the engine's --parallel bounds in real runs.
    for (let index = 0; index < count; index++) {
      const request = new CreateRequest()
        .setUrn(`urn:pulumi:bench::jod-bench::${TYPE}::w${index}`)
        .setType(TYPE)
        .setProperties(Struct.fromJavaScript({ ...BENCH_INPUTS }));
      creates.push(
        plugin.call("create", request).catch((error: Error) => errors.push(error.message)),
      );
      const deadline = Date.now() + 30_000;
      while (emulator.deployments().length <= index && errors.length === 0) {
        if (Date.now() > deadline) throw new Error(`create ${index} never reached JOD`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      if (errors.length > 0) throw new Error(`create ${index} failed: ${errors[0]}`);
    }
    const memory = formatMemory(readProcessMemory(plugin.pid));
    await plugin.call("cancel", new Empty());
    await Promise.all(creates);
    return [
      rowsOf("6. Plugin")(`${variant.label}: RSS, ${count} creates waiting for callbacks`, memory),
    ];
  } finally {
    plugin.stop();
    emulator.reset();
  }
}

/** A YAML program of `count` deployments (one recorder, one hour each). */
function deploymentsProgram(count: number): string {
  const resources = Array.from(
    { length: count },
    (_, index) =>
      `  d${index}:\n    type: ${TYPE}\n    properties: { domain: ${TEST_DOMAIN}, ` +
      "recorders: 1, duration: 1, location: lon }\n",
  );
  return `name: jod-yaml\nruntime: yaml\nresources:\n${resources.join("")}`;
}

/**
 * `pulumi up --parallel 32` of a YAML program of `count` deployments whose callbacks come after
 * `callbackDelayMs` (median of `runs`, after one warm-up round; each followed by an untimed
 * destroy), on `variant`.
 */
async function yamlUp(
  variant: PluginVariant,
  emulator: RunningEmulator,
  options: { count: number; runs: number; callbackDelayMs: number; journal: string },
): Promise<number> {
  emulator.reset();
  emulator.setFaults({ callbackDelayMs: options.callbackDelayMs });
  const stack = await YamlPluginStack.create({
    program: deploymentsProgram(options.count),
    plugin: variant.dir,
    config: { "jod:endpoint": emulator.url },
    secrets: { "jod:apiKey": TEST_API_KEY },
    env: { PULUMI_JOD_JOURNAL_DIR: options.journal },
  });
  const samples: number[] = [];
  try {
    for (let run = 0; run <= options.runs; run++) {
      const up = await stack.ok(["up", "--yes", "--skip-preview", "--parallel", "32"]);
      if (run > 0) samples.push(up.elapsedMs);
      await stack.ok(["destroy", "--yes", "--skip-preview"]);
    }
  } finally {
    await stack.remove();
    emulator.reset();
  }
  return median(samples);
}

/** The 32-deployment `up` against the 1-deployment one, callbacks after 2 s (benchmark 2's). */
async function yamlScale(
  variant: PluginVariant,
  emulator: RunningEmulator,
  runs: number,
  journal: string,
): Promise<ResultRow[]> {
  const row = rowsOf("6. Plugin");
  const options = { runs, callbackDelayMs: 2_000, journal };
  const one = await yamlUp(variant, emulator, { ...options, count: 1 });
  const many = await yamlUp(variant, emulator, { ...options, count: 32 });
  const ratio = many / one;
  return [
    row(`${variant.label}: YAML up, 1 deployment (median of ${runs})`, formatMs(one)),
    row(`${variant.label}: YAML up, 32 deployments, --parallel 32`, formatMs(many)),
    row(`${variant.label}: ratio 32 / 1`, ratio.toFixed(2), "<= 1.5", ratio <= 1.5),
  ];
}

/** The single executable from its release tarball (built, or taken from the build cache). */
function singleExecutable(): { variant: PluginVariant; tarballBytes: number } {
  const tarball = pluginTarball();
  const dir = mkdtempSync(path.join(tmpdir(), "jod-bench-plugin-"));
  execFileSync("tar", ["-xzf", tarball, "-C", dir]);
  return { variant: { label: "single executable", dir }, tarballBytes: statSync(tarball).size };
}

/** Benchmark 6: the resource plugin's load, memory and whole ups, for each build of it. */
export async function pluginFigures(
  emulator: RunningEmulator,
  options: { loadRuns: number; waitingCreates: number; scaleRuns: number },
): Promise<ResultRow[]> {
  const { variant: executable, tarballBytes } = singleExecutable();
  const variants = [{ label: "shell-wrapped", dir: PLUGIN_DIR }, executable];
  try {
    const rows = [
      rowsOf("6. Plugin")(
        "single executable: release tarball (linux-amd64)",
        `${(tarballBytes / 1024 / 1024).toFixed(1)} MiB`,
      ),
    ];
    for (const variant of variants) {
      // A journal of each variant's own: the waiting creates are cut short on purpose, and the
      // next variant's, under the same names, must not adopt them.
      const journal = mkdtempSync(path.join(tmpdir(), "jod-bench-journal-"));
      try {
        rows.push(...(await pluginLoad(variant, emulator, options.loadRuns, journal)));
        rows.push(...(await pluginMemory(variant, emulator, options.waitingCreates, journal)));
        rows.push(...(await yamlScale(variant, emulator, options.scaleRuns, journal)));
      } finally {
        rmSync(journal, { recursive: true, force: true });
      }
    }
    return rows;
  } finally {
    rmSync(executable.dir, { recursive: true, force: true });
  }
}
