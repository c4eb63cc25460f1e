export { startEmulator, type RunningEmulator } from "./start-emulator";
export { createEmulatorApp } from "./create-emulator-app";
export { createEmulatorState, EmulatorState, type ResetOptions } from "./state";
export {
  DEFAULT_CAPACITY_PER_LOCATION,
  type EmulatorAccount,
  type EmulatorOptions,
  type ResolvedEmulatorOptions,
} from "./options";
export {
  CALLBACK_MODES,
  NO_FAULTS,
  type CallbackMode,
  type EmulatorFaults,
  type FaultSettings,
} from "./faults";
export type { RecordedRequest } from "./request-log";
export type { CallbackDelivery, DeploymentRecord, DeploymentStatus } from "./deployment-ledger";
export type {
  CallbackRecorder,
  FailureCallback,
  JodCallback,
  SuccessCallback,
} from "./callback-payloads";
export type { JodAnswer } from "./deploy-recorder-handler";
export { DEPLOY_FIELDS, type DeployField } from "./deploy-form";
export { JOD_LOCATIONS, isJodLocation, type JodLocation } from "./locations";
export { DOCUMENTATION_IP_PREFIXES } from "./recorder-allocation";
export { fingerprintApiKey } from "./api-key-fingerprint";
export { InvalidInputError } from "./input-validation";
