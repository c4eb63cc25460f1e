import { JodError } from "./jod-error";

/**
 * JOD's callback reported that a deployment it had accepted failed, for example because no
 * recorders were available in the location.
 *
 * @example
 * ```ts
 * new JodDeploymentFailedError({ deploymentId: "dep-1", location: "lon", jodMessage: "recorders not available in specified location" });
 * ```
 */
export class JodDeploymentFailedError extends JodError {
  constructor(options: { deploymentId: string; location: string; jodMessage: string }) {
    super(
      `JOD could not complete deployment ${options.deploymentId} in ${options.location}. ` +
        "Try another location or fewer recorders, or ask JOD support whether the balance was refunded.",
      { code: "DEPLOYMENT_FAILED", mayHaveDeployed: false, jodMessage: options.jodMessage },
    );
    this.name = "JodDeploymentFailedError";
  }
}
