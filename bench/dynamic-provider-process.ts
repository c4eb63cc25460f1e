import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
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

/** How long the process may take to print its port. */
const START_TIMEOUT_MS = 60_000;

/** Property values as they travel in a gRPC Struct. */
export type Properties = Record<string, JavaScriptValue>;

/** A check failure the provider reported. */
export interface CheckFailureReport {
  property: string;
  reason: string;
}

/** Memory of a process, read from `/proc/<pid>/status`. */
export interface ProcessMemory {
  /** VmRSS: resident set size now. */
  rssBytes: number;
  /** VmHWM: the peak resident set size so far. */
  peakRssBytes: number;
}

/**
 * The SDK's dynamic-provider process, started by hand and spoken to over gRPC as the engine
 * would: `node node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js <engine address>`.
 */
export interface DynamicProviderProcess {
  readonly pid: number;
  /** performance.now() just before the spawn. */
  readonly spawnedAt: number;
  /** performance.now() when the process printed its gRPC port. */
  readonly listeningAt: number;
  /** Everything the process printed after its port (provider logs, errors). */
  readonly output: string[];
  configure(config: Record<string, string>): Promise<void>;
  check(news: Properties): Promise<CheckFailureReport[]>;
  create(urn: string, properties: Properties): Promise<{ id: string }>;
  memory(): ProcessMemory;
  /** Kills the process (SIGKILL: pending creates must not linger) and closes the channel. */
  stop(): Promise<void>;
}

/**
 * Starts the dynamic-provider process in `cwd` (where `pulumi-jod` must resolve). The engine
 * address it requires is never dialled by the process, so a dummy one is given; the real
 * plugin shell script (`pulumi-resource-pulumi-nodejs`) adds a `node -e require.resolve(...)`
 * before this, the same for every provider.
 *
 * @example
 * ```ts
 * const provider = await startDynamicProvider(repoRoot());
 * await provider.configure({ "jod:apiKey": key });
 * const failures = await provider.check({ __provider: serialized, domain: "meet.example.com" });
 * await provider.stop();
 * ```
 */
export async function startDynamicProvider(cwd: string): Promise<DynamicProviderProcess> {
  const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [cwd] });
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
    cwd,
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
  const pid = child.pid as number;

  return {
    pid,
    spawnedAt,
    listeningAt,
    output,
    async configure(config) {
      const request = new ConfigureRequest();
      request.setArgs(Struct.fromJavaScript(config));
      await new Promise<void>((resolve, reject) =>
        client.configure(request, (error) => (error ? reject(error) : resolve())),
      );
    },
    async check(news) {
      const request = new CheckRequest();
      request.setUrn("urn:pulumi:bench::jod-bench::bench:Check::first");
      request.setOlds(Struct.fromJavaScript({}));
      request.setNews(Struct.fromJavaScript(news));
      const response = await new Promise<CheckResponse>((resolve, reject) =>
        client.check(request, (error, answer) => (error ? reject(error) : resolve(answer))),
      );
      return response
        .getFailuresList()
        .map((failure) => ({ property: failure.getProperty(), reason: failure.getReason() }));
    },
    async create(urn, properties) {
      const request = new CreateRequest();
      request.setUrn(urn);
      request.setProperties(Struct.fromJavaScript(properties));
      const response = await new Promise<CreateResponse>((resolve, reject) =>
        client.create(request, (error, answer) => (error ? reject(error) : resolve(answer))),
      );
      return { id: response.getId() };
    },
    memory() {
      return readProcessMemory(pid);
    },
    async stop() {
      client.close();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The first stdout line is the port; later lines (provider logs) are kept in `output`. */
function readPort(child: ChildProcess, output: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => reject(new Error(`the dynamic provider printed no port in ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    let port: string | undefined;
    lines.on("line", (line) => {
      if (port !== undefined) {
        output.push(line);
        return;
      }
      port = line.trim();
      clearTimeout(timer);
      if (/^\d+$/.test(port)) resolve(port);
      else reject(new Error(`the dynamic provider printed "${line}" instead of its port`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the dynamic provider exited (${code}) early:\n${output.join("")}`));
    });
  });
}

/**
 * VmRSS and VmHWM of a live process.
 *
 * @example
 * ```ts
 * readProcessMemory(process.pid).peakRssBytes;
 * ```
 */
export function readProcessMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: kib("VmRSS"), peakRssBytes: kib("VmHWM") };
}
