import { JodError } from "./jod-error";

/**
 * JOD accepted a deployment but its callback did not arrive in time. The deployment exists
 * and is paid for; only its recorder ids and IPs are unknown.
 *
 * @example
 * ```ts
 * new JodCallbackTimeoutError({ deploymentId: "dep-1", waitedSeconds: 900 });
 * ```
 */
export class JodCallbackTimeoutError extends JodError {
  readonly deploymentId: string;

  constructor(options: { deploymentId: string; waitedSeconds: number }) {
    super(
      `JOD accepted deployment ${options.deploymentId} but did not call back within ` +
        `${options.waitedSeconds} s, so its recorder ids and IPs are unknown. The deployment is ` +
        "kept in the stack (it is paid for) and will not be deployed again by `pulumi up`. If JOD " +
        "cannot reach the callback URL, check `jod:callbackUrl`; raise `timeoutSeconds` if " +
        "deployments take longer. To deploy new recorders anyway, run `pulumi up --replace <urn>`.",
      { code: "CALLBACK_TIMEOUT", mayHaveDeployed: true },
    );
    this.name = "JodCallbackTimeoutError";
    this.deploymentId = options.deploymentId;
  }
}
