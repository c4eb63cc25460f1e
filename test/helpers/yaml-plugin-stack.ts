import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import { startTestEmulator, TEST_API_KEY } from "./jod-test-setup";

/** The checkout: from test/helpers, or from dist/test/helpers where the benchmarks run it. */
const REPO = [path.resolve(__dirname, "../.."), path.resolve(__dirname, "../../..")].find((root) =>
  existsSync(path.join(root, "examples", "yaml", "Pulumi.yaml")),
) as string;
/** Where the plugin tests' projects live: inside the repo, like the end-to-end stacks. */
const PROJECTS_ROOT = path.join(REPO, ".cache", "plugin-e2e");
/** The example the tests run, as users get it. */
const EXAMPLE = path.join(REPO, "examples", "yaml", "Pulumi.yaml");
/** The plugin of this checkout (run `npm run build` first): its wrapper's folder. */
export const PLUGIN_DIR = path.join(REPO, "provider", "bin");

/** What one `pulumi` command printed, and how it exited. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Milliseconds the command took. */
  elapsedMs: number;
}

/** A `pulumi` command still running (see {@link YamlPluginStack.start}). */
export interface RunningCli {
  child: ChildProcess;
  /** What it printed on stdout so far. */
  output(): string;
  done: Promise<CliResult>;
}

/** One engine event of `--event-log` (the fields the tests read). */
export interface EngineEventLine {
  diagnosticEvent?: { urn?: string; message: string; severity: string };
  resOutputsEvent?: { metadata: { urn: string; op: string } };
}

/**
 * A copy of `examples/yaml` with its own file:// backend and stack `test`, run with plain
 * `pulumi` commands (child processes, as a user runs them), the plugin found through
 * `plugins.providers`. The toolchain (scripts/toolchain.sh) must be on PATH.
 */
export class YamlPluginStack {
  private constructor(
    readonly workDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Makes the project and its stack, with `config` set (`secrets` set as secrets). */
  static async create(
    options: {
      config?: Record<string, string>;
      secrets?: Record<string, string>;
      /** Resource options for the example's deployment, as YAML lines (e.g. customTimeouts). */
      resourceOptions?: string[];
      /** The whole Pulumi.yaml, instead of examples/yaml's. */
      program?: string;
      /**
       * Where the engine finds the plugin: a folder holding `pulumi-resource-jod` (this
       * checkout's by default), or `installed` for the one `pulumi plugin install` put in
       * `env.PULUMI_HOME`.
       */
      plugin?: string;
      env?: Record<string, string>;
    } = {},
  ): Promise<YamlPluginStack> {
    const workDir = path.join(PROJECTS_ROOT, `${Date.now()}-${randomBytes(4).toString("hex")}`);
    const backend = path.join(workDir, ".state");
    mkdirSync(backend, { recursive: true });
    // The example's deployment has an options block (deleteBeforeReplace): extra lines join it.
    const resourceOptions = "    options:\n";
    const extra = (options.resourceOptions ?? []).map((line) => `      ${line}\n`).join("");
    const program = (options.program ?? readFileSync(EXAMPLE, "utf8")).replace(
      resourceOptions,
      `${resourceOptions}${extra}`,
    );
    const pluginDir = options.plugin ?? PLUGIN_DIR;
    const pluginPath = `plugins:\n  providers:\n    - name: jod\n      path: ${pluginDir}\n`;
    writeFileSync(
      path.join(workDir, "Pulumi.yaml"),
      options.plugin === "installed" ? program : `${program}${pluginPath}`,
    );
    const stack = new YamlPluginStack(workDir, {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${backend}`,
      PULUMI_CONFIG_PASSPHRASE: "plugin-e2e-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      ...options.env,
    });
    await stack.ok(["stack", "init", "test"]);
    // One command for every key: each `pulumi` start costs the tests a second.
    const settings = [
      ...Object.entries(options.config ?? {}).map(([key, value]) => [
        "--plaintext",
        `${key}=${value}`,
      ]),
      ...Object.entries(options.secrets ?? {}).map(([key, value]) => [
        "--secret",
        `${key}=${value}`,
      ]),
    ].flat();
    if (settings.length > 0) await stack.ok(["config", "set-all", ...settings]);
    return stack;
  }

  /** Runs `pulumi <args>` in the project; resolves however it exits. */
  run(args: string[], options: { env?: Record<string, string> } = {}): Promise<CliResult> {
    const started = Date.now();
    return new Promise((resolve) => {
      execFile(
        "pulumi",
        [...args, "--non-interactive"],
        {
          cwd: this.workDir,
          env: { ...this.env, ...options.env },
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          resolve({ code, stdout, stderr, elapsedMs: Date.now() - started });
        },
      );
    });
  }

  /**
   * Starts `pulumi <args>` as the leader of a process group of its own (as a shell starts it),
   * so a test can signal the CLI alone or kill its whole group.
   */
  start(args: string[]): RunningCli {
    const started = Date.now();
    let stdout = "";
    let stderr = "";
    const child = spawn("pulumi", [...args, "--non-interactive"], {
      cwd: this.workDir,
      env: this.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const done = new Promise<CliResult>((resolve) => {
      child.on("close", (code) =>
        resolve({ code: code ?? 1, stdout, stderr, elapsedMs: Date.now() - started }),
      );
    });
    return { child, output: () => stdout, done };
  }

  /** Runs `pulumi <args>` and fails with its output unless it succeeds. */
  async ok(args: string[], options: { env?: Record<string, string> } = {}): Promise<CliResult> {
    const result = await this.run(args, options);
    if (result.code !== 0) {
      throw new Error(
        `pulumi ${args.join(" ")} exited ${result.code}:\n${result.stdout}\n${result.stderr}`,
      );
    }
    return result;
  }

  /** `pulumi up` with an event log; resolves with the result and the log's events. */
  async upWithEvents(
    extra: string[] = [],
  ): Promise<{ result: CliResult; events: EngineEventLine[] }> {
    const file = path.join(this.workDir, `events-${Date.now()}.jsonl`);
    // The flag is hidden unless debug commands are on (the Automation API sets it too).
    const result = await this.run(
      ["up", "--yes", "--skip-preview", "--event-log", file, ...extra],
      {
        env: { PULUMI_DEBUG_COMMANDS: "true" },
      },
    );
    const events = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as EngineEventLine);
    return { result, events };
  }

  /** The stack's outputs. */
  async outputs(): Promise<Record<string, unknown>> {
    const { stdout } = await this.ok(["stack", "output", "--json"]);
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  /** The stack's state as `pulumi stack export` prints it (secrets encrypted). */
  async exportText(): Promise<string> {
    return (await this.ok(["stack", "export"])).stdout;
  }

  /** The stack's resources, from `pulumi stack export`. */
  async resources(): Promise<{ urn: string; type: string; outputs?: Record<string, unknown> }[]> {
    const state = JSON.parse(await this.exportText()) as {
      deployment: {
        resources?: { urn: string; type: string; outputs?: Record<string, unknown> }[];
      };
    };
    return state.deployment.resources ?? [];
  }

  /** Removes the stack and its folder: the backend is in the folder, so no `pulumi stack rm`. */
  async remove(): Promise<void> {
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** The config that points the plugin at the emulator, and the key (set as a secret). */
export function emulatorConfig(emulator: RunningEmulator): {
  config: Record<string, string>;
  secrets: Record<string, string>;
} {
  return { config: { "jod:endpoint": emulator.url }, secrets: { "jod:apiKey": TEST_API_KEY } };
}

/** The emulator and one YAML stack on it, for one test file; both removed after it. */
export function useYamlStackOnEmulator(
  options: {
    config?: (emulator: RunningEmulator) => Record<string, string>;
    secrets?: () => Record<string, string>;
    resourceOptions?: string[];
    program?: string;
    callbackDelayMs?: number;
  } = {},
): { readonly emulator: RunningEmulator; readonly stack: YamlPluginStack } {
  const fixture = {} as { emulator: RunningEmulator; stack: YamlPluginStack };
  beforeAll(async () => {
    fixture.emulator = await startTestEmulator(options.callbackDelayMs);
    const base = emulatorConfig(fixture.emulator);
    fixture.stack = await YamlPluginStack.create({
      config: { ...base.config, ...options.config?.(fixture.emulator) },
      secrets: { ...base.secrets, ...options.secrets?.() },
      resourceOptions: options.resourceOptions,
      program: options.program,
    });
  }, 60_000);
  afterAll(async () => {
    await fixture.stack?.remove();
    await fixture.emulator?.close();
  }, 60_000);
  return fixture;
}

/** Runs `pulumi up` of the YAML example on `stack`, checks its deployment is ready, removes it. */
export async function expectExampleDeploys(stack: YamlPluginStack): Promise<void> {
  try {
    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toContain("jod: deploying 2 recorder(s)");
    expect((await stack.outputs()).status).toBe("ready");
  } finally {
    await stack.remove();
  }
}
