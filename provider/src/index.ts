export { RecorderDeployment } from "./recorder-deployment";
export type { RecorderDeploymentArgs } from "./recorder-deployment";
export { RecorderFleet } from "./recorder-fleet";
export type { RecorderFleetArgs } from "./recorder-fleet";
export { fleetArgsFromConfig } from "./fleet-config";
export type {
  DeployedRecorder,
  DeploymentStatus,
  DeploymentOutputs,
  DeploymentInputs,
} from "./deployment-state";
export { LOCATIONS, LOCATION_CODES, isLocation } from "./locations";
export type { Location } from "./locations";
export { JodError } from "./errors";
export type { JodErrorCode, JodErrorOptions } from "./errors";
