import * as pulumi from "@pulumi/pulumi";
import * as jod from "pulumi-jod";
import type { ConfigMap, ConfigValue } from "@pulumi/pulumi/automation";
import type { DeploymentRecord, RunningEmulator } from "../../emulator/src";
import { jodConfig, startTestEmulator, TEST_DOMAIN } from "./jod-test-setup";
import { findEngineProcesses, freePort, type ProcessInfo } from "./reliability-processes";
import {
  expectUpToFail,
  OperationReport,
  PulumiTestStack,
  StateResource,
} from "./pulumi-test-stack";

/** What the program declares: one RecorderDeployment, by name. */
export interface Declared {
  name: string;
  args: Record<string, unknown>;
}

/** Valid inputs; each case overrides (or, with `undefined`, removes) what it tests. */
export const VALID_ARGS = { domain: TEST_DOMAIN, recorders: 1, duration: 2, location: "ams" };

/**
 * One stack whose program declares whatever {@link Declared} holds at each run, so a file runs
 * many cases on one stack. A new name per case keeps the state of earlier cases apart: an
 * entry a failed case left behind stays under its own name.
 */
export class SwitchableDeploymentStack {
  private declared: Declared = { name: "rec", args: {} };

  private constructor(readonly stack: PulumiTestStack) {}

  static async create(config: ConfigMap, env?: Record<string, string>, projectName?: string) {
    let holder: SwitchableDeploymentStack | undefined = undefined;
    const program = async () => {
      const { name, args } = holder!.declared;
      let deployment: jod.RecorderDeployment;
      try {
        // Cast: the cases pass wrong types on purpose, as a JavaScript program could.
        deployment = new jod.RecorderDeployment(name, {
          ...VALID_ARGS,
          ...args,
        } as unknown as jod.RecorderDeploymentArgs);
      } catch (error) {
        // A thrown program error reaches the CLI with this same text, but inside Jest the SDK's
        // rejected stack outputs count as unhandled rejections: report it as an error instead.
        pulumi.log.error((error as Error).message);
        return {};
      }
      const gate = holder!.outputsGate;
      holder!.outputsGate = undefined;
      const held = <T>(output: pulumi.Output<T>) =>
        gate ? pulumi.all([output, gate]).apply(([value]) => value) : output;
      return { deploymentId: held(deployment.deploymentId), status: held(deployment.status) };
    };
    holder = new SwitchableDeploymentStack(
      await PulumiTestStack.create({ program, config, env, projectName }),
    );
    return holder;
  }

  private outputsGate?: Promise<void>;

  /**
   * Makes the next run's stack outputs wait for good (a run that is killed): the program then
   * sends no output registration that the kill could cut.
   */
  holdOutputs(): void {
    this.outputsGate = new Promise<void>(() => {});
  }

  declare(name: string, args: Record<string, unknown> = {}): void {
    this.declared = { name, args };
  }

  /** Previews; returns everything the CLI printed, whether it failed or not. */
  async previewText(): Promise<{ failed: boolean; text: string }> {
    try {
      const report = await this.stack.preview();
      return { failed: false, text: [report.output, ...report.diagnostics].join("\n") };
    } catch (error) {
      return { failed: true, text: String((error as Error).message) };
    }
  }

  /** Runs `pulumi up`, which must fail, and returns everything the CLI printed. */
  upToFail(): Promise<string> {
    return expectUpToFail(this.stack);
  }

  async up(): Promise<OperationReport & { outputs: Record<string, unknown> }> {
    return this.stack.up();
  }

  /** The state entries of the currently declared deployment. */
  async recorded(): Promise<StateResource[]> {
    const all = await this.stack.resourcesOfType(jod.RecorderDeployment.TYPE);
    return all.filter((resource) => resource.urn.endsWith(`::${this.declared.name}`));
  }

  remove(): Promise<void> {
    return this.stack.remove();
  }
}

/** An emulator and a {@link SwitchableDeploymentStack} pointed at it, for one test file. */
export interface EmulatorStackFixture {
  readonly emulator: RunningEmulator;
  readonly deployment: SwitchableDeploymentStack;
  /** The callback listener's fixed port, with `fixedListenPort`. */
  readonly port: number;
}

/**
 * Starts the emulator and the stack before the file's tests and removes both after them.
 * `fixedListenPort` pins `jod:callbackListen` to a free port (to check it is freed again);
 * `resetEachTest` clears the emulator's records and faults before every test.
 *
 * @example
 * ```ts
 * const fixture = useEmulatorStack({ resetEachTest: true });
 * it("...", async () => { fixture.deployment.declare("case"); ... });
 * ```
 */
export function useEmulatorStack(
  options: { fixedListenPort?: boolean; resetEachTest?: boolean } = {},
): EmulatorStackFixture {
  const fixture = {} as {
    emulator: RunningEmulator;
    deployment: SwitchableDeploymentStack;
    port: number;
  };
  beforeAll(async () => {
    fixture.emulator = await startTestEmulator();
    const config = jodConfig(fixture.emulator);
    if (options.fixedListenPort) {
      fixture.port = await freePort();
      config["jod:callbackListen"] = { value: `127.0.0.1:${fixture.port}` };
    }
    fixture.deployment = await SwitchableDeploymentStack.create(config);
  });
  if (options.resetEachTest) beforeEach(() => fixture.emulator.reset());
  afterAll(async () => {
    await fixture.deployment?.remove();
    await fixture.emulator?.close();
  });
  return fixture;
}

/** What interrupts an up: given the engine's processes, SIGINT to the CLI, and the output so far. */
export type Interrupt = (
  processes: EngineProcesses,
  sigintToCli: () => void,
  outputSoFar: () => string,
) => void | Promise<void>;

/** The engine's processes at the moment of the interruption. */
export interface EngineProcesses {
  cli: ProcessInfo;
  provider: ProcessInfo;
}

/**
 * Runs `pulumi up` and, as soon as its output satisfies `when`, calls `interrupt` with the
 * engine's processes, a function that sends SIGINT to the CLI the way the Automation API
 * does (as Ctrl-C in a terminal does: plugins run in their own process groups, so only the CLI
 * gets it), and the output so far. The up must fail; returns everything the CLI printed and the processes.
 */
async function upInterrupted(
  stack: PulumiTestStack,
  when: (output: string) => boolean,
  interrupt: Interrupt,
): Promise<{ output: string; processes: EngineProcesses }> {
  const controller = new AbortController();
  let seen = "";
  let interrupted: Promise<EngineProcesses> | undefined;
  const onOutput = (chunk: string) => {
    seen += chunk;
    if (interrupted || !when(seen)) return;
    interrupted = (async () => {
      const processes = findEngineProcesses();
      await interrupt(
        processes,
        () => controller.abort(),
        () => seen,
      );
      return processes;
    })();
  };
  let output: string;
  try {
    await stack.stack.up({ onOutput, signal: controller.signal });
    throw new Error("expected the interrupted `pulumi up` to fail, but it succeeded");
  } catch (error) {
    output = String((error as Error).message);
  }
  if (!interrupted) throw new Error(`the up ended before it could be interrupted:\n${output}`);
  return { output, processes: await interrupted };
}

/**
 * Drops JOD's callback and runs {@link upInterrupted} of the declared deployment with
 * `interrupt` once JOD accepted it. JOD must have sold exactly one: returns it as `paid`, with
 * the output and the engine's processes.
 */
export async function upInterruptedOnceAccepted(
  fixture: EmulatorStackFixture,
  interrupt: Interrupt,
): Promise<{ output: string; processes: EngineProcesses; paid: DeploymentRecord }> {
  fixture.emulator.setFaults({ callbackMode: "drop" });
  const interrupted = await upInterrupted(
    fixture.deployment.stack,
    (text) => text.includes("JOD accepted deployment"),
    interrupt,
  );
  expect(fixture.emulator.deployments()).toHaveLength(1);
  return { ...interrupted, paid: fixture.emulator.deployments()[0] };
}

/** One bad input or setting, and what the preview must say about it. */
export interface BadCase {
  /** The input property or config key the case spoils (an environment fallback shares its key). */
  dimension: string;
  input?: { property: string; value: unknown };
  /** A config value to set for the case, or `null` to remove the key. */
  config?: { key: string; value: ConfigValue | null };
  env?: Record<string, string>;
  /** [text that locates the line of the message, text that line must also hold]. */
  expected: [string, string];
  /** Must be previewed alone (it stops the program before any check). */
  solo?: boolean;
}

/** What one preview printed, and whether it failed. */
export interface PreviewText {
  failed: boolean;
  text: string;
}

/** The case's preview failed, with a line that locates its message and says what is allowed. */
export function expectPreviewRefused(preview: PreviewText | undefined, badCase: BadCase): void {
  expect(preview?.failed).toBe(true);
  const [where, allowed] = badCase.expected;
  const line = preview?.text.split("\n").find((text) => text.includes(where));
  expect(line).toBeDefined();
  expect(line).toContain(allowed);
}

/**
 * Groups cases into previews: a round spoils each dimension at most once, so every failure
 * shows in the same check response (one resource, all its bad properties and settings), and
 * each case's message is still asserted on its own.
 */
export function badInputRounds(cases: BadCase[]): BadCase[][] {
  const rounds: BadCase[][] = [];
  for (const badCase of cases) {
    const round = badCase.solo
      ? undefined
      : rounds.find(
          (candidate) =>
            !candidate[0].solo && candidate.every((other) => other.dimension !== badCase.dimension),
        );
    if (round) round.push(badCase);
    else rounds.push([badCase]);
  }
  return rounds;
}

/**
 * Previews every round on the stack (inputs declared, config and environment applied, then
 * restored to `base`) and returns what each case's preview printed.
 */
export async function previewRounds(
  deployment: SwitchableDeploymentStack,
  base: ConfigMap,
  cases: BadCase[],
): Promise<Map<BadCase, PreviewText>> {
  const { stack } = deployment.stack;
  const seen = new Map<BadCase, PreviewText>();
  for (const round of badInputRounds(cases)) {
    const inputs = round.flatMap(({ input }) => (input ? [[input.property, input.value]] : []));
    deployment.declare("rec", Object.fromEntries(inputs));
    const env: Record<string, string> = Object.assign({}, ...round.map((c) => c.env ?? {}));
    const configs = round.flatMap(({ config }) => (config ? [config] : []));
    for (const { key, value } of configs) {
      if (value === null) await stack.removeConfig(key);
      else await stack.setConfig(key, value);
    }
    for (const [name, value] of Object.entries(env)) deployment.stack.setEnv(name, value);

    const preview = await deployment.previewText();
    for (const badCase of round) seen.set(badCase, preview);

    for (const name of Object.keys(env)) deployment.stack.setEnv(name, undefined);
    for (const { key } of configs) {
      const original = base[key];
      if (original) await stack.setConfig(key, original);
      else await stack.removeConfig(key);
    }
  }
  return seen;
}
