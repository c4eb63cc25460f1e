import { startEmulator, RunningEmulator } from "../../emulator/src";
import type { ConfigMap, PulumiFn } from "@pulumi/pulumi/automation";
import { PulumiTestStack, type TestStackOptions } from "./pulumi-test-stack";
import { TEST_API_KEY, TEST_DOMAIN } from "./constants";

export { TEST_API_KEY, TEST_DOMAIN };

export const TEST_BALANCE = 100;
export const PRICE_PER_RECORDER_HOUR = 0.5;

/** The emulator with one account that owns {@link TEST_DOMAIN}, answering callbacks fast. */
export function startTestEmulator(callbackDelayMs = 50): Promise<RunningEmulator> {
  return startEmulator({
    accounts: [{ apiKey: TEST_API_KEY, balance: TEST_BALANCE, domains: [TEST_DOMAIN] }],
    pricePerRecorderHour: PRICE_PER_RECORDER_HOUR,
    callbackDelayMs,
  });
}

/** Stack config pointing the provider at the emulator, with the key as a secret. */
export function jodConfig(emulator: RunningEmulator, apiKey = TEST_API_KEY): ConfigMap {
  return {
    "jod:apiKey": { value: apiKey, secret: true },
    "jod:endpoint": { value: emulator.url },
  };
}

/** The test emulator of one test file. */
export interface EmulatorFixture {
  readonly emulator: RunningEmulator;
}

/** Starts the test emulator before the file's tests and closes it after them. */
export function useTestEmulator(): EmulatorFixture {
  const fixture = {} as { emulator: RunningEmulator };
  beforeAll(async () => {
    fixture.emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await fixture.emulator?.close();
  });
  return fixture;
}

/** The emulator and one stack pointed at it, for one test file. */
export interface EmulatorAndStack {
  readonly emulator: RunningEmulator;
  readonly stack: PulumiTestStack;
}

/**
 * Starts the test emulator and a stack on it before the file's tests, and removes both after
 * them. `config` makes the stack config from the emulator ({@link jodConfig} by default).
 *
 * @example
 * ```ts
 * const fixture = useStackOnEmulator({ program });
 * it("…", async () => { const up = await fixture.stack.up(); … });
 * ```
 */
export function useStackOnEmulator(
  options: Omit<TestStackOptions, "config"> & {
    config?: (emulator: RunningEmulator) => ConfigMap;
  },
): EmulatorAndStack {
  const { config = jodConfig, ...stackOptions } = options;
  const fixture = {} as { emulator: RunningEmulator; stack: PulumiTestStack };
  beforeAll(async () => {
    fixture.emulator = await startTestEmulator();
    fixture.stack = await PulumiTestStack.create({
      ...stackOptions,
      config: config(fixture.emulator),
    });
  });
  afterAll(async () => {
    await fixture.stack?.remove();
    await fixture.emulator?.close();
  });
  return fixture;
}

/** The emulator, reset before each test, and the stacks the file's tests make on it. */
export interface EmulatorAndStacks {
  readonly emulator: RunningEmulator;
  /** A new stack of `program` with `config` ({@link jodConfig} by default). */
  newStack(program: PulumiFn, config?: ConfigMap): Promise<PulumiTestStack>;
}

/** Starts the test emulator before the file's tests; removes it and every new stack after them. */
export function useStacksOnEmulator(): EmulatorAndStacks {
  const stacks: PulumiTestStack[] = [];
  const fixture = {
    newStack: async (program: PulumiFn, config?: ConfigMap) => {
      const stack = await PulumiTestStack.create({
        program,
        config: config ?? jodConfig(fixture.emulator),
      });
      stacks.push(stack);
      return stack;
    },
  } as EmulatorAndStacks & { emulator: RunningEmulator };
  beforeAll(async () => {
    fixture.emulator = await startTestEmulator();
  });
  beforeEach(() => fixture.emulator.reset());
  afterAll(async () => {
    await Promise.all(stacks.map((stack) => stack.remove()));
    await fixture.emulator?.close();
  });
  return fixture;
}
