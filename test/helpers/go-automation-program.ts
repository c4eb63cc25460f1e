import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { TEST_API_KEY } from "./constants";

const REPO = path.resolve(__dirname, "../..");
const BINARY = path.join(REPO, ".cache", "jod-go-automation");

/** Builds examples/go-automation (the generated Go SDK in an Automation API program). */
export function buildGoAutomationProgram(): void {
  // One core: the machine is shared (the Go build cache makes later builds quick).
  execFileSync("go", ["build", "-p", "1", "-o", BINARY, "."], {
    cwd: path.join(REPO, "examples", "go-automation"),
    env: { ...process.env, GOMAXPROCS: "1", GOFLAGS: "-mod=mod" },
    stdio: "pipe",
  });
}

/**
 * Runs the built program against the JOD at `endpoint` with the test key; resolves with the
 * stack outputs it prints.
 */
export async function runGoAutomationProgram(
  args: string[],
  endpoint: string,
  env: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(BINARY, args, {
    env: {
      ...process.env,
      PULUMI_CONFIG_PASSPHRASE: "go-automation-passphrase",
      JOD_API_KEY: TEST_API_KEY,
      JOD_ENDPOINT: endpoint,
      ...env,
    },
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}
