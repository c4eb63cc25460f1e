/**
 * One deployed recorder as the success callback describes it.
 *
 * @example
 * ```ts
 * const recorder: CallbackRecorder = { recorder_id: "5f0c…", recorder_ip: "192.0.2.17" };
 * ```
 */
export interface CallbackRecorder {
  recorder_id: string;
  recorder_ip: string;
}

/**
 * The JSON POSTed to `callback_url` when the recorders are deployed.
 *
 * @example
 * ```ts
 * const payload: SuccessCallback = successCallback("3b0d…", []);
 * ```
 */
export interface SuccessCallback {
  it: "worked";
  message: "deployment successful";
  deployment_info: {
    deployment_id: string;
    recorders: CallbackRecorder[];
  };
}

/**
 * The JSON POSTed to `callback_url` when the deployment failed. As documented, it carries no
 * `deployment_id`: a client tells deployments apart by giving each its own callback URL.
 *
 * @example
 * ```ts
 * const payload: FailureCallback = failureCallback();
 * ```
 */
export interface FailureCallback {
  it: "failed";
  message: "recorders not available in specified location";
}

/**
 * Any callback the emulator sends.
 *
 * @example
 * ```ts
 * function isSuccess(payload: JodCallback): payload is SuccessCallback {
 *   return payload.it === "worked";
 * }
 * ```
 */
export type JodCallback = SuccessCallback | FailureCallback;

/**
 * Builds the documented success callback.
 *
 * @example
 * ```ts
 * successCallback("3b0d…", [{ recorder_id: "r1", recorder_ip: "203.0.113.9" }]);
 * ```
 */
export function successCallback(
  deploymentId: string,
  recorders: CallbackRecorder[],
): SuccessCallback {
  return {
    it: "worked",
    message: "deployment successful",
    deployment_info: { deployment_id: deploymentId, recorders },
  };
}

/**
 * Builds the documented failure callback.
 *
 * @example
 * ```ts
 * failureCallback().message; // "recorders not available in specified location"
 * ```
 */
export function failureCallback(): FailureCallback {
  return { it: "failed", message: "recorders not available in specified location" };
}
