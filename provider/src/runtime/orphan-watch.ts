import { readFileSync } from "node:fs";
import { ENGINE_GONE, INTERRUPT_CREATE_GRACE_MS, ProcessInterrupted } from "./interruption-guard";
import type { ProviderContext, ProviderDependencies } from "./provider-context";

/** How often an orphaned provider checks whether its creates have returned. */
const ORPHAN_POLL_MS = 1_000;
/** The longest an orphan waits for them, as after a signal. */
const ORPHAN_GRACE_MS = INTERRUPT_CREATE_GRACE_MS;

/**
 * The process whose change of pid means the engine is gone: the parent, or, when the parent is
 * the plugin's `/bin/sh` wrapper (Pulumi's `pulumi-resource-pulumi-nodejs` starts node without
 * `exec`, and the wrapper outlives a killed `pulumi`), the wrapper's parent. Without /proc
 * (macOS) only the parent can be watched.
 */
export function enginePid(
  parent: number = process.ppid,
  readText: (file: string) => string = (file) => readFileSync(file, "utf8"),
): number {
  try {
    if (!readText(`/proc/${parent}/cmdline`).includes("pulumi-resource-")) return parent;
    const stat = readText(`/proc/${parent}/stat`);
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return parent;
  }
}

/**
 * Exits once the engine is gone (the parent changed: a hard stop of `pulumi`), after every
 * running create returned (each journals JOD's answer as it goes), so that nothing keeps
 * running, holding a port, with nobody to hand results to. The next `up` adopts from the journal.
 */
export function exitWhenOrphaned(
  context: ProviderContext,
  { parentPid, exit }: NonNullable<ProviderDependencies["orphaning"]>,
): void {
  const parent = parentPid();
  let orphanedAt: number | undefined;
  const timer = setInterval(() => {
    if (orphanedAt === undefined) {
      if (parentPid() === parent) return;
      orphanedAt = Date.now();
      context.log("the engine is gone (hard stop): exiting once running creates have journaled");
      // Nobody will read their results: waiting creates journal what they know and return.
      context.interruptions.interrupt(new ProcessInterrupted(ENGINE_GONE));
    }
    if (context.createsRunning === 0 || Date.now() - orphanedAt >= ORPHAN_GRACE_MS) {
      clearInterval(timer);
      exit();
    }
  }, ORPHAN_POLL_MS);
  timer.unref();
}
