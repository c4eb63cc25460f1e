export { RecorderDeployment, type RecorderDeploymentArgs } from "./recorder-deployment";
export { RecorderFleet, type RecorderFleetArgs } from "./recorder-fleet";
export { fleetArgsFromConfig } from "./fleet-config";
export type {
  DeployedRecorder,
  DeploymentStatus,
  DeploymentOutputs,
  DeploymentInputs,
} from "./deployment-state";
export { LOCATIONS, LOCATION_CODES, isLocation, type Location } from "./locations";
export { JodError, type JodErrorCode, type JodErrorOptions } from "./errors";
