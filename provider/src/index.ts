export { RecorderDeployment } from "./recorder-deployment";
export type { RecorderDeploymentArgs } from "./recorder-deployment";
export { RecorderFleet } from "./recorder-fleet";
export type { RecorderFleetArgs } from "./recorder-fleet";
export { fleetArgsFromConfig } from "./fleet-config";
export type { DeploymentStatus, DeploymentOutputs, DeploymentInputs } from "./deployment-state";
export type { DeployedRecorder } from "./callbacks/callback-outcome";
export { LOCATIONS, LOCATION_CODES, isLocation } from "./locations";
export type { Location } from "./locations";
export * from "./errors";
export { createJodClient } from "./client";
export type {
  DeployRecordersRequest,
  DeployRecordersResult,
  JodClientOptions,
} from "./client";
export * as validation from "./validation";
