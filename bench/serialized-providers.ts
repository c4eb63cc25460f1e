import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { RecorderDeployment } from "pulumi-jod";
import { repoRoot } from "./bench-stack";
import { NoopResource } from "./noop-resource";

const execFileAsync = promisify(execFile);

/** The serialized dynamic providers, exactly as the engine would send them as `__provider`. */
export interface SerializedProviders {
  recorder: string;
  noop: string;
}

/**
 * Serializes both providers through the SDK (in a child process, see
 * print-serialized-providers.ts), so that a hand-started provider process gets the same text a
 * real `pulumi up` gives it.
 *
 * @example
 * ```ts
 * const { recorder } = await serializeProviders();
 * ```
 */
export async function serializeProviders(): Promise<SerializedProviders> {
  const { stdout } = await execFileAsync(
    process.execPath,
    [path.join(__dirname, "print-serialized-providers.js")],
    { cwd: repoRoot(), maxBuffer: 16 * 1024 * 1024 },
  );
  const byType = JSON.parse(stdout) as Record<string, string | undefined>;
  const recorder = byType[RecorderDeployment.TYPE];
  const noop = byType[NoopResource.TYPE];
  if (!recorder || !noop) {
    throw new Error(`the SDK serialized no provider for ${Object.keys(byType).join(", ")}`);
  }
  return { recorder, noop };
}
