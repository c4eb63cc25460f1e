import { readFileSync } from "node:fs";
import path from "node:path";
import { redisCommand } from "./redis-commands";
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

/** Redis's `used_memory` (what counts against maxmemory), in bytes. */
export async function redisUsedMemoryBytes(redisUrl: string): Promise<number> {
  const info = String(await redisCommand(redisUrl, ["INFO", "memory"]));
  return Number(/^used_memory:(\d+)\r?$/m.exec(info)?.[1]);
}
