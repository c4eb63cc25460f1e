import * as pulumi from "@pulumi/pulumi";
import * as jod from "pulumi-jod";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator/src";
import { expectUpToFail } from "./expect-up-failure";
import { jodConfig, startTestEmulator, TEST_DOMAIN } from "./jod-test-setup";
import { freePort } from "./reliability-processes";
import { OperationReport, PulumiTestStack, StateResource } from "./pulumi-test-stack";

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

  static async create(config: ConfigMap, env?: Record<string, string>) {
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
      return { deploymentId: deployment.deploymentId, status: deployment.status };
    };
    holder = new SwitchableDeploymentStack(await PulumiTestStack.create({ program, config, env }));
    return holder;
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
