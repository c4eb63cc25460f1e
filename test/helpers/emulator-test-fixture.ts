import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/src";
import { CallbackReceiver } from "./callback-receiver";
import { TEST_API_KEY, TEST_DOMAIN } from "./constants";
import { postDeployRecorder, type EmulatorReply } from "./emulator-deploy-client";

export { TEST_API_KEY, TEST_DOMAIN };
/** The emulator tests' account balance: small, so that 101 recorder-hours exceed it. */
export const TEST_BALANCE = 10;

/**
 * A valid deploy form for the test account, with `overrides` applied (an `undefined`
 * override removes the field).
 *
 * @example
 * ```ts
 * deployForm(receiver.url, { location: "ams" });
 * ```
 */
export function deployForm(
  callbackUrl: string,
  overrides: Record<string, string | undefined> = {},
): URLSearchParams {
  const fields: Record<string, string | undefined> = {
    apiKey: TEST_API_KEY,
    domain: TEST_DOMAIN,
    recorders: "2",
    duration: "1",
    location: "lon",
    callback_url: callbackUrl,
    ...overrides,
  };
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) form.append(name, value);
  }
  return form;
}

/** The emulator and callback receiver of the current test. */
export interface EmulatorTestContext {
  emulator: RunningEmulator;
  receiver: CallbackReceiver;
  /** POSTs {@link deployForm} with `overrides` to the emulator, calling back to the receiver. */
  deploy(overrides?: Record<string, string | undefined>): Promise<EmulatorReply>;
}

/** The emulator deployed nothing and charged the test account nothing. */
export function expectNothingDeployedOrCharged(emulator: RunningEmulator): void {
  expect(emulator.deployments()).toEqual([]);
  expect(emulator.balanceOf(TEST_API_KEY)).toBe(TEST_BALANCE);
}

/** The emulator answered `status` with it:"failed" and `message`, deploying and charging nothing. */
export function expectRefused(
  emulator: RunningEmulator,
  reply: EmulatorReply,
  status: number,
  message: string,
): void {
  expect(reply.status).toBe(status);
  expect(reply.json).toEqual({ it: "failed", message });
  expectNothingDeployedOrCharged(emulator);
}

/**
 * Starts a fresh emulator (test account, 20 ms callbacks, then `options`) and a callback
 * receiver before each test of the calling file, and stops both after it.
 *
 * @example
 * ```ts
 * const ctx = useEmulator({ capacity: { lon: 2 } });
 * test("…", async () => { const reply = await ctx.deploy({ location: "ams" }); });
 * ```
 */
export function useEmulator(options: EmulatorOptions = {}): EmulatorTestContext {
  const context = {
    deploy: (overrides) =>
      postDeployRecorder(context.emulator.url, deployForm(context.receiver.url, overrides)),
  } as EmulatorTestContext;
  beforeEach(async () => {
    context.receiver = new CallbackReceiver();
    await context.receiver.start();
    context.emulator = await startEmulator({
      accounts: [{ apiKey: TEST_API_KEY, balance: TEST_BALANCE, domains: [TEST_DOMAIN] }],
      callbackDelayMs: 20,
      ...options,
    });
  });
  afterEach(async () => {
    await context.emulator.close();
    await context.receiver.stop();
  });
  return context;
}
