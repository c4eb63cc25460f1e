/** The custom resource type the plugin serves (Check, Create, ...). */
export const RECORDER_DEPLOYMENT_TYPE = "jod:index:RecorderDeployment";

/** The component type the plugin serves through the engine's Construct call. */
export const RECORDER_FLEET_TYPE = "jod:index:RecorderFleet";
