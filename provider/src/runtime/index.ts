import { createJodClient } from "../client";
import { createClock } from "./clock";
import { createRecorderDeploymentProvider } from "./recorder-deployment-provider";

export { createRecorderDeploymentProvider, UNKNOWN_VALUE } from "./recorder-deployment-provider";
export type { ProviderDependencies } from "./recorder-deployment-provider";
export { readProviderSettings, SETTING_KEYS } from "./provider-settings";
export type { ProviderSettings } from "./provider-settings";
export { INTERRUPT_SIGNALS, ProcessInterrupted } from "./interruption-guard";
export type { InterruptSignal, SignalTarget } from "./interruption-guard";

/**
 * The provider instance of this process. The serialized shim that Pulumi stores in state
 * requires `pulumi-jod/runtime` and delegates here, so one process has one callback listener.
 *
 * @example
 * ```ts
 * const { recorderDeploymentProvider } = require("pulumi-jod/runtime");
 * await recorderDeploymentProvider.check({}, { domain: "meet.example.com" });
 * ```
 */
export const recorderDeploymentProvider = createRecorderDeploymentProvider({
  createClient: createJodClient,
  now: createClock(process.env),
  env: process.env,
  log: (message) => console.log(message),
  signals: process,
});
