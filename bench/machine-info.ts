import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

/** Where and with what a benchmark run happened. */
export interface MachineInfo {
  date: string;
  /** `nproc` */
  cpus: number;
  cpuModel: string;
  memTotal: string;
  loadAverage: string;
  node: string;
  pulumiCli: string;
  pulumiSdk: string;
}

/**
 * Describes the machine and the versions in use (the Pulumi CLI found on PATH).
 *
 * @example
 * ```ts
 * console.log(readMachineInfo().cpuModel);
 * ```
 */
export function readMachineInfo(): MachineInfo {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const meminfo = readFileSync("/proc/meminfo", "utf8");
  const memKiB = Number(/^MemTotal:\s+(\d+) kB/m.exec(meminfo)?.[1] ?? 0);
  return {
    date: new Date().toISOString(),
    cpus: Number(execFileSync("nproc", { encoding: "utf8" }).trim()),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? "unknown",
    memTotal: `${(memKiB / 1024 / 1024).toFixed(1)} GiB`,
    loadAverage: currentLoadAverage(),
    node: process.version,
    pulumiCli: execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim(),
    pulumiSdk: (
      JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as {
        version: string;
      }
    ).version,
  };
}

/**
 * The 1, 5 and 15 minute load averages.
 *
 * @example
 * ```ts
 * currentLoadAverage(); // "1.63 2.56 2.29"
 * ```
 */
export function currentLoadAverage(): string {
  return os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(" ");
}
