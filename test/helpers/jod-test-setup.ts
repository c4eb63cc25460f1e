import { startEmulator, RunningEmulator } from "../../emulator/src";
import { ConfigMap } from "@pulumi/pulumi/automation";
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
