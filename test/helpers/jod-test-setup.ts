import { startEmulator, RunningEmulator } from "../../emulator/src";
import { ConfigMap } from "@pulumi/pulumi/automation";

/** An API key that appears nowhere else, so a leak scan can search for it. */
export const TEST_API_KEY = "JOD-e2e7c2de-b0c7-4233-a67e-eb9167b62037";
export const TEST_DOMAIN = "meet.example.com";
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
