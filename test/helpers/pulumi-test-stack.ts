import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import {
  ConfigMap,
  EngineEvent,
  LocalWorkspace,
  OpType,
  PulumiFn,
  Stack,
} from "@pulumi/pulumi/automation";

/** Where test stacks live: inside the repo, so the provider process resolves `pulumi-jod`. */
const STACKS_ROOT = path.resolve(__dirname, "../../.cache/e2e");

export interface TestStackOptions {
  /** The inline Pulumi program. */
  program: PulumiFn;
  /** Stack config, e.g. `{ "jod:apiKey": { value: "…", secret: true } }`. */
  config?: ConfigMap;
  /** Extra environment for the engine and the provider process. */
  env?: Record<string, string>;
  projectName?: string;
  /** The project folder; by default a new one under `.cache/e2e` in the repo. */
  workDir?: string;
}

/** One step the engine reported for a resource (from its engine events). */
export interface ResourceStep {
  op: OpType;
  urn: string;
  type: string;
  /** Properties that force a replacement. */
  keys: string[];
  /** Properties that changed. */
  diffs: string[];
}

/** What a preview, up, refresh or destroy reported. */
export interface OperationReport {
  steps: ResourceStep[];
  changeSummary: Record<string, number>;
  /** Everything the CLI printed (stdout, then stderr, where provider output lands). */
  output: string;
  /** Diagnostic messages (including provider console output). */
  diagnostics: string[];
}

/**
 * A throwaway stack on a file:// backend in its own folder, driven by the real Pulumi CLI
 * through the Automation API.
 */
export class PulumiTestStack {
  private constructor(
    readonly stack: Stack,
    readonly workDir: string,
    private readonly program: PulumiFn,
  ) {}

  static async create(options: TestStackOptions): Promise<PulumiTestStack> {
    const workDir =
      options.workDir ?? path.join(STACKS_ROOT, `${Date.now()}-${randomBytes(4).toString("hex")}`);
    const backendDir = path.join(workDir, "state");
    mkdirSync(backendDir, { recursive: true });
    const projectName = options.projectName ?? "jod-e2e";
    const stack = await LocalWorkspace.createStack(
      { stackName: "test", projectName, program: options.program },
      {
        workDir,
        projectSettings: {
          name: projectName,
          runtime: "nodejs",
          backend: { url: `file://${backendDir}` },
        },
        envVars: {
          PULUMI_CONFIG_PASSPHRASE: "e2e-test-passphrase",
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          // Each stack its own deployment journal (they all share project and stack names).
          PULUMI_JOD_JOURNAL_DIR: path.join(workDir, "journal"),
          ...options.env,
        },
      },
    );
    if (options.config) await stack.setAllConfig(options.config);
    return new PulumiTestStack(stack, workDir, options.program);
  }

  async preview(): Promise<OperationReport> {
    const collector = new EventCollector();
    const result = await this.stack.preview({ onEvent: collector.onEvent, diff: true });
    return collector.report(result.stdout, result.stderr, result.changeSummary);
  }

  async up(): Promise<OperationReport & { outputs: Record<string, unknown> }> {
    const collector = new EventCollector();
    const result = await this.stack.up({ onEvent: collector.onEvent, program: this.program });
    const outputs = Object.fromEntries(
      Object.entries(result.outputs).map(([key, output]) => [key, output.value]),
    );
    const summary = (result.summary.resourceChanges ?? {}) as Record<string, number>;
    return { ...collector.report(result.stdout, result.stderr, summary), outputs };
  }

  async refresh(): Promise<OperationReport> {
    const collector = new EventCollector();
    const result = await this.stack.refresh({ onEvent: collector.onEvent });
    const summary = (result.summary.resourceChanges ?? {}) as Record<string, number>;
    return collector.report(result.stdout, result.stderr, summary);
  }

  async destroy(): Promise<OperationReport> {
    const collector = new EventCollector();
    const result = await this.stack.destroy({ onEvent: collector.onEvent });
    const summary = (result.summary.resourceChanges ?? {}) as Record<string, number>;
    return collector.report(result.stdout, result.stderr, summary);
  }

  /** Sets (or with `undefined`, removes) an environment variable for later operations. */
  setEnv(name: string, value: string | undefined): void {
    const envVars = this.stack.workspace.envVars;
    if (value === undefined) delete envVars[name];
    else envVars[name] = value;
  }

  /**
   * The stack's state as a user's `pulumi stack export` prints it (secrets encrypted; the
   * Automation API's own export decrypts them), followed by the raw state files.
   */
  async exportState(): Promise<string> {
    const exported = await promisify(execFile)(
      "pulumi",
      ["stack", "export", "--stack", this.stack.name],
      {
        cwd: this.workDir,
        env: { ...process.env, ...this.stack.workspace.envVars },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return [exported.stdout, ...readFilesUnder(path.join(this.workDir, "state"))].join("\n");
  }

  /** Resources in state of the given type, with their outputs. */
  async resourcesOfType(type: string): Promise<StateResource[]> {
    const deployment = await this.stack.exportStack();
    const resources = (deployment.deployment?.resources ?? []) as StateResource[];
    return resources.filter((resource) => resource.type === type);
  }

  async remove(): Promise<void> {
    await this.stack.workspace.removeStack(this.stack.name, { force: true }).catch(() => {});
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  initErrors?: string[];
}

class EventCollector {
  private readonly steps: ResourceStep[] = [];
  private readonly diagnostics: string[] = [];

  readonly onEvent = (event: EngineEvent): void => {
    const metadata = event.resourcePreEvent?.metadata;
    if (metadata) {
      this.steps.push({
        op: metadata.op,
        urn: metadata.urn,
        type: metadata.type,
        keys: metadata.keys ?? [],
        diffs: metadata.diffs ?? [],
      });
    }
    if (event.diagnosticEvent) this.diagnostics.push(event.diagnosticEvent.message);
  };

  report(stdout: string, stderr: string, changeSummary: Record<string, number>): OperationReport {
    return {
      steps: this.steps,
      diagnostics: this.diagnostics,
      output: `${stdout}\n${stderr}`,
      changeSummary,
    };
  }
}

function readFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), "utf8"));
}

/** Runs `pulumi up`, expects it to fail, and returns everything the CLI printed. */
export function expectUpToFail(stack: PulumiTestStack): Promise<string> {
  return expectToFail("up", () => stack.up());
}

/** Runs `pulumi preview`, expects it to fail, and returns what the CLI printed. */
export function expectPreviewToFail(stack: PulumiTestStack): Promise<string> {
  return expectToFail("preview", () => stack.preview());
}

async function expectToFail(command: string, run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return String((error as Error).message);
  }
  throw new Error(`expected \`pulumi ${command}\` to fail, but it succeeded`);
}
