/**
 * A child program: loads the SDK's dynamic-provider module (which starts its gRPC server, as
 * in the real provider process), then prints as its last stdout line, in JSON, how long
 * `require(<module>)` takes on top of it and how much it grows the resident set (after a full
 * GC each time when started with --expose-gc). Modules resolve from the current directory, as
 * in the provider process.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

/** Lets the gRPC server finish binding before the baseline is read. */
const SETTLE_MS = 300;

async function main(specifier: string): Promise<void> {
  const requireFromCwd = createRequire(path.join(process.cwd(), "require-timer.js"));
  const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});
  // Given any argument, the module serves on an ephemeral port and prints it.
  requireFromCwd("@pulumi/pulumi/cmd/dynamic-provider");
  await sleep(SETTLE_MS);
  collectGarbage();
  const rssBefore = process.memoryUsage.rss();
  const started = performance.now();
  requireFromCwd(specifier);
  const ms = performance.now() - started;
  collectGarbage();
  const rssDeltaBytes = process.memoryUsage.rss() - rssBefore;
  process.stdout.write(`\n${JSON.stringify({ ms, rssDeltaBytes })}\n`, () => process.exit(0));
}

const specifier = process.argv[2];
if (!specifier) {
  console.error("usage: node --expose-gc require-timer.js <module>");
  process.exit(2);
}
main(specifier).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
