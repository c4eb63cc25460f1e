import { JodError } from "./jod-error";

/**
 * JOD answered HTTP 200 with `it: "failed"`: it looked at the request and declined it. Nothing was
 * deployed; JOD's message says why.
 *
 * @example
 * ```ts
 * const error = new JodDeploymentRejectedError({ jodMessage: "recorders not available" });
 * error.jodMessage; // "recorders not available"
 * ```
 */
export class JodDeploymentRejectedError extends JodError {
  constructor(options: { jodMessage?: string; status?: number } = {}) {
    super(
      'JOD declined the deployment (it answered "failed"), so nothing was deployed. Fix what ' +
        "JOD's message points at, then deploy again.",
      {
        code: "DEPLOYMENT_REJECTED",
        status: options.status ?? 200,
        mayHaveDeployed: false,
        jodMessage: options.jodMessage || "(no message)",
      },
    );
    this.name = "JodDeploymentRejectedError";
  }
}
