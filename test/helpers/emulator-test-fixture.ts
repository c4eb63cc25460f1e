import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/src";
import { CallbackReceiver } from "./callback-receiver";
import { TEST_API_KEY, TEST_DOMAIN } from "./constants";

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
}

/**
 * Starts a fresh emulator (test account, 20 ms callbacks, then `options`) and a callback
 * receiver before each test of the calling file, and stops both after it.
 *
 * @example
 * ```ts
 * const ctx = useEmulator({ capacity: { lon: 2 } });
 * test("…", async () => { await postDeployRecorder(ctx.emulator.url, deployForm(ctx.receiver.url)); });
 * ```
 */
export function useEmulator(options: EmulatorOptions = {}): EmulatorTestContext {
  const context = {} as EmulatorTestContext;
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
