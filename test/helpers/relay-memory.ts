import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { nginxWorkers, type RelayProcess } from "./relay-process";

/** Resident memory of one process, in bytes (VmRSS in /proc/<pid>/status; 0 once it is gone). */
function residentBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Resident memory of the relay's nginx, master and workers, in bytes. */
export function nginxResidentBytes(relay: RelayProcess): number {
  const master = Number(readFileSync(path.join(relay.logDir, "nginx.pid"), "utf8").trim());
  return [master, ...nginxWorkers(master)].reduce((sum, pid) => sum + residentBytes(pid), 0);
}

/** Redis's `used_memory` (what counts against maxmemory), in bytes, asked over RESP. */
export function redisUsedMemoryBytes(redisUrl: string): Promise<number> {
  const { hostname, port } = new URL(redisUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let answer = "";
    socket.setEncoding("utf8");
    socket.setTimeout(5_000, () => socket.destroy(new Error("redis INFO timed out")));
    socket.on("error", reject);
    socket.on("connect", () => socket.write("INFO memory\r\n"));
    socket.on("data", (chunk: string) => {
      answer += chunk;
      const used = /^used_memory:(\d+)\r$/m.exec(answer);
      if (used) {
        socket.end();
        resolve(Number(used[1]));
      }
    });
  });
}
