import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import { setTimeout as delay } from "node:timers/promises";

/** A process as Linux's /proc describes it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** The executable's name, cut at 15 characters by the kernel. */
  comm: string;
  cmdline: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // A zombie has exited; only its parent has not collected its status yet.
    if (state === "Z") return undefined;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
    return { pid, ppid: Number(ppid), comm, cmdline };
  } catch {
    return undefined;
  }
}

/** Every live process that descends from `rootPid`. */
export function descendantsOf(rootPid: number): ProcessInfo[] {
  const all = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
  const found: ProcessInfo[] = [];
  const parents = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const info of all) {
      if (parents.has(info.ppid) && !parents.has(info.pid)) {
        parents.add(info.pid);
        found.push(info);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * The Pulumi CLI this test process started, and the Node.js process that runs the dynamic
 * provider under it (the plugin is a shell script that starts node).
 */
export function findEngineProcesses(): { cli: ProcessInfo; provider: ProcessInfo } {
  const cli = descendantsOf(process.pid).find((info) => info.comm === "pulumi");
  if (!cli) throw new Error("no pulumi CLI runs under this test process");
  const provider = descendantsOf(cli.pid).find(
    (info) => info.comm === "node" && info.cmdline.includes("dynamic-provider"),
  );
  if (!provider) throw new Error(`no dynamic provider process runs under pulumi (${cli.pid})`);
  return { cli, provider };
}

/** Whether the process is still alive (zombies count as gone). */
export function isAlive(pid: number): boolean {
  return readProcess(pid) !== undefined;
}

/**
 * Polls until `condition` holds; throws naming `what` after `timeoutMs`. The deadline only stops
 * a hung test; it is no assertion on speed.
 */
export async function waitUntil(
  condition: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(20);
  }
}

/** Waits until the process is gone; false if it still lives after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  return waitUntil(() => !isAlive(pid), `process ${pid} to exit`, timeoutMs).then(
    () => true,
    () => false,
  );
}

/** Whether a new server could listen on the address right now. */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A port nothing listens on at the moment (the system picks it, then it is released). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
