import { JodError } from "./jod-error";

/**
 * The provider process got SIGINT or SIGTERM while waiting for JOD's callback of a deployment
 * JOD had accepted. The deployment exists and is paid for; the stack keeps it.
 *
 * @example
 * ```ts
 * new JodInterruptedError({ signal: "SIGINT", deploymentId: "dep-1" });
 * ```
 */
export class JodInterruptedError extends JodError {
  readonly deploymentId: string;

  constructor(options: { signal: string; deploymentId: string; cause?: unknown }) {
    super(
      `The provider received ${options.signal} while waiting for JOD's callback for ` +
        `deployment ${options.deploymentId}. JOD accepted it, so it is paid for: the stack keeps ` +
        'it with status "awaiting-callback" (its recorder ids and IPs are unknown) and ' +
        "`pulumi up` will not deploy it again. To deploy new recorders anyway, run " +
        "`pulumi up --replace <urn>`.",
      { code: "INTERRUPTED", mayHaveDeployed: true, cause: options.cause },
    );
    this.name = "JodInterruptedError";
    this.deploymentId = options.deploymentId;
  }
}
