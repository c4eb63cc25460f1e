import { spawn, type ChildProcess } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { relayToken, type RelayEndpoint } from "./relay-client";
import { freePort, isAlive, waitForExit } from "./reliability-processes";

/** relay/run-local.sh of this checkout. */
export const runLocalScript = [
  path.resolve(__dirname, "../../relay/run-local.sh"),
  // Compiled to dist/test/helpers, as the benchmarks run it.
  path.resolve(__dirname, "../../../relay/run-local.sh"),
].find((script) => existsSync(script)) as string;

/** What to install when nginx, nchan or Redis is missing. */
export const packagesHint =
  "the relay tests need nginx with nchan and Redis: apt-get install nginx-light libnginx-mod-nchan redis-server";

/**
 * What the relay runs: where scripts/toolchain.sh found or unpacked it (`npm test` sets these),
 * else what relay/run-local.sh would pick on a machine with the Debian packages installed.
 */
export const relayBinaries = {
  nginx:
    process.env.JOD_RELAY_NGINX || (existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx"),
  nchanModule: process.env.JOD_RELAY_NCHAN_MODULE || "/usr/lib/nginx/modules/ngx_nchan_module.so",
  redisServer: process.env.JOD_RELAY_REDIS_SERVER || "redis-server",
};

/**
 * Throws the toolchain's reason for having no relay (JOD_RELAY_UNAVAILABLE), without a stack:
 * every relay test fails with that one message rather than with a failed start.
 */
export function assertRelayAvailable(): void {
  const reason = process.env.JOD_RELAY_UNAVAILABLE;
  if (!reason) return;
  const error = new Error(reason);
  error.stack = `Error: ${reason}`;
  throw error;
}
const startDeadlineMs = 20_000;
const stopDeadlineMs = 10_000;

/** A standalone relay (relay/run-local.sh) on a free loopback port. */
export interface RelayProcess extends RelayEndpoint {
  secretFile: string;
  /** Where nginx writes its logs (access and error). */
  logDir: string;
  stop(): Promise<void>;
  /** Stops nginx and starts it again on the same port, secret and store. */
  restart(): Promise<void>;
  /** Reloads nginx's configuration (SIGHUP to its master), as a certificate renewal does. */
  reload(): Promise<void>;
  /** The Redis store's URL, such as `redis://127.0.0.1:41235`; undefined on the memory store. */
  redisUrl?: string;
}

/** A throwaway redis-server on a free loopback port. */
export interface RedisProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts relay/run-local.sh and resolves once it printed its ready line. */
export async function startRelay(options: { redis?: string } = {}): Promise<RelayProcess> {
  assertRelayAvailable();
  const dir = mkdtempSync(path.join(tmpdir(), "jod-relay-test-"));
  // Searchable by nginx's workers (nobody, when the tests run as root): the channel check's
  // socket is under the prefix (see relay/README.md).
  chmodSync(dir, 0o711);
  const secret = relayToken();
  const secretFile = path.join(dir, "secret");
  writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  const prefix = path.join(dir, "nginx");
  const port = await freePort();
  const args = ["--listen", `127.0.0.1:${port}`, "--secret-file", secretFile, "--prefix", prefix];
  if (options.redis) args.push("--redis", options.redis);

  let child = await launchRelay(args);
  const stopChild = async () => {
    await stopProcess(child);
    // Should the script have died without stopping nginx, its master's pid file says whom to stop.
    const pidFile = path.join(prefix, "logs", "nginx.pid");
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").trim()) : 0;
    if (pid > 0 && isAlive(pid) && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(prefix)) {
      process.kill(pid, "SIGTERM");
      if (!(await waitForExit(pid, stopDeadlineMs))) process.kill(pid, "SIGKILL");
    }
  };
  return {
    baseUrl: `http://127.0.0.1:${port}/jod-relay`,
    secret,
    secretFile,
    logDir: path.join(prefix, "logs"),
    async stop() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await stopChild();
      child = await launchRelay(args);
    },
    async reload() {
      const pidFile = path.join(prefix, "logs", "nginx.pid");
      const master = Number(readFileSync(pidFile, "utf8").trim());
      const workersBefore = nginxWorkers(master);
      process.kill(master, "SIGHUP");
      // Reloaded once the old workers are gone and new ones answer the ping.
      const deadline = Date.now() + startDeadlineMs;
      const secretHeader = { Authorization: `Bearer ${secret}` };
      const pingUrl = `http://127.0.0.1:${port}/jod-relay/ping`;
      for (;;) {
        const fresh = nginxWorkers(master);
        const replaced = fresh.length > 0 && !fresh.some((pid) => workersBefore.includes(pid));
        const answers = replaced && (await fetch(pingUrl, { headers: secretHeader })).ok;
        if (answers) return;
        if (Date.now() > deadline) throw new Error("nginx did not reload within the deadline");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    redisUrl: options.redis,
  };
}

/** The pids of the nginx workers whose master is `master`, from /proc. */
export function nginxWorkers(master: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // The parent pid is the 4th field, after the name in parentheses.
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === master;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/**
 * The relay of one test file: started before the file's tests and stopped after them, on a
 * redis-server of its own (the store the provider requires; `withRedis: false` for nchan's
 * memory store). Its fields read the running relay's.
 *
 * @example
 * ```ts
 * const relay = useRelay();
 * test("…", async () => { await publishCallback(relay, relayToken(), "{}"); });
 * ```
 */
export function useRelay({ withRedis = true }: { withRedis?: boolean } = {}): RelayProcess {
  let redis: RedisProcess | undefined;
  let started: RelayProcess | undefined;
  beforeAll(async () => {
    if (withRedis) redis = await startRedis();
    started = await startRelay({ redis: redis?.url });
  });
  afterAll(async () => {
    await started?.stop();
    await redis?.stop();
  });
  const relay = (): RelayProcess => {
    if (started) return started;
    assertRelayAvailable();
    throw new Error("the relay starts before the file's tests, in beforeAll");
  };
  return {
    get baseUrl() {
      return relay().baseUrl;
    },
    get secret() {
      return relay().secret;
    },
    get secretFile() {
      return relay().secretFile;
    },
    get logDir() {
      return relay().logDir;
    },
    get redisUrl() {
      return relay().redisUrl;
    },
    stop: () => relay().stop(),
    restart: () => relay().restart(),
    reload: () => relay().reload(),
  };
}

/**
 * The Redis bound relay/README.md recommends: Redis refuses writes past it and never evicts a
 * journal entry.
 */
export const REDIS_MAXMEMORY_BYTES = 256 * 1024 * 1024;

/**
 * Starts redis-server without persistence (only nginx restarts in the tests), bounded as
 * relay/README.md recommends.
 */
export async function startRedis(): Promise<RedisProcess> {
  assertRelayAvailable();
  const dir = mkdtempSync(path.join(tmpdir(), "jod-relay-redis-"));
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir];
  args.push("--maxmemory", String(REDIS_MAXMEMORY_BYTES), "--maxmemory-policy", "noeviction");
  const child = spawn(relayBinaries.redisServer, args, { stdio: ["ignore", "pipe", "pipe"] });
  await waitForOutput(child, "Ready to accept connections", "redis-server");
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs run-local.sh expecting it to refuse to start; resolves with its exit status and stderr. */
export function runRelayScriptToFailure(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [runLocalScript, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`run-local.sh did not exit within ${startDeadlineMs} ms: ${stdout}`));
    }, startDeadlineMs);
    timer.unref();
    child.on("error", reject);
    child.on("exit", (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

async function launchRelay(args: string[]): Promise<ChildProcess> {
  const child = spawn("bash", [runLocalScript, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  await waitForOutput(child, "jod relay listening on", "relay/run-local.sh");
  return child;
}

function waitForOutput(child: ChildProcess, readyText: string, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const give = (error: Error | undefined) => {
      clearTimeout(timer);
      child.stdout?.removeListener("data", onData);
      child.removeListener("exit", onExit);
      child.removeListener("error", onError);
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyText)) give(undefined);
    };
    const onExit = (status: number | null) =>
      give(
        new Error(
          `${name} exited (status ${status}) before it was ready: ${output}${stderr}\n${packagesHint}`,
        ),
      );
    const onError = (error: Error) =>
      give(new Error(`${name} could not start: ${error.message}; ${packagesHint}`));
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      give(new Error(`${name} was not ready within ${startDeadlineMs} ms: ${output}${stderr}`));
    }, startDeadlineMs);
    timer.unref();
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), stopDeadlineMs);
  timer.unref();
  await exited;
  clearTimeout(timer);
}
