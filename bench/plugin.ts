/**
 * The resource plugin's figures (issue 20): its load and memory as a process driven over gRPC
 * (as the engine drives it), and whole `pulumi up` runs of the YAML example on it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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
import { TEST_API_KEY } from "../test/helpers/jod-test-setup";
import { PLUGIN_DIR, YamlPluginStack } from "../test/helpers/yaml-plugin-stack";
import { BENCH_INPUTS, formatMs, median, rowsOf, type ResultRow } from "./harness";
import { formatMemory, readProcessMemory } from "./provider-process";

const TYPE = "jod:index:RecorderDeployment";

/** One plugin process, spawned as the engine spawns it (without an engine: logs go to stderr). */
interface PluginProcess {
  pid: number;
  client: ResourceProviderClient;
  spawnedAt: number;
  listeningAt: number;
  call<Response>(method: string, request: unknown): Promise<Response>;
  stop(): void;
}

async function startPlugin(journal: string): Promise<PluginProcess> {
  const spawnedAt = performance.now();
  const child = spawn(`${PLUGIN_DIR}/pulumi-resource-jod`, [], {
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
  emulator: RunningEmulator,
  runs: number,
  journal: string,
): Promise<ResultRow[]> {
  const toPort: number[] = [];
  const toCheck: number[] = [];
  const rss: number[] = [];
  let last = "";
  for (let run = 0; run < runs; run++) {
    const plugin = await startPlugin(journal);
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
    row(`spawn -> port printed (median of ${runs})`, formatMs(median(toPort))),
    row(`spawn -> first Check answered (median of ${runs})`, formatMs(median(toCheck))),
    row("plugin RSS after first Check (last run)", last),
  ];
}

/** The plugin's RSS with `count` creates waiting for callbacks (the Cancel ends them). */
async function pluginMemory(
  emulator: RunningEmulator,
  count: number,
  journal: string,
): Promise<ResultRow[]> {
  emulator.reset();
  emulator.setFaults({ callbackDelayMs: 600_000 });
  const plugin = await startPlugin(journal);
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
    return [rowsOf("6. Plugin")(`plugin RSS, ${count} creates waiting for callbacks`, memory)];
  } finally {
    plugin.stop();
    emulator.reset();
  }
}

/** `pulumi up` of the YAML example (one deployment, callback at once), then an untimed destroy. */
async function yamlUp(
  emulator: RunningEmulator,
  runs: number,
  journal: string,
): Promise<ResultRow[]> {
  const stack = await YamlPluginStack.create({
    config: { "jod:endpoint": emulator.url, recorders: "1", duration: "1" },
    secrets: { "jod:apiKey": TEST_API_KEY },
    env: { PULUMI_JOD_JOURNAL_DIR: journal },
  });
  const samples: number[] = [];
  try {
    // One warm-up round: the first run loads the language host and the plugin from cold.
    for (let run = 0; run <= runs; run++) {
      const up = await stack.ok(["up", "--yes", "--skip-preview"]);
      if (run > 0) samples.push(up.elapsedMs);
      await stack.ok(["destroy", "--yes", "--skip-preview"]);
    }
  } finally {
    await stack.remove();
  }
  return [
    rowsOf("6. Plugin")(
      `pulumi up, YAML example, 1 RecorderDeployment (median of ${runs})`,
      formatMs(median(samples)),
    ),
  ];
}

/** Benchmark 6: the resource plugin's load, memory and whole ups. */
export async function pluginFigures(
  emulator: RunningEmulator,
  options: { loadRuns: number; waitingCreates: number; upRuns: number },
): Promise<ResultRow[]> {
  // A journal of their own: the waiting creates are cut short on purpose, and a later run must
  // not adopt them.
  const journal = mkdtempSync(path.join(tmpdir(), "jod-bench-journal-"));
  try {
    return [
      ...(await pluginLoad(emulator, options.loadRuns, journal)),
      ...(await pluginMemory(emulator, options.waitingCreates, journal)),
      ...(await yamlUp(emulator, options.upRuns, journal)),
    ];
  } finally {
    rmSync(journal, { recursive: true, force: true });
  }
}
