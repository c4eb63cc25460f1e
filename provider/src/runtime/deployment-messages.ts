import type { DeploymentInputs, DeploymentOutputs } from "../deployment-state";

/**
 * A deployment in a few words, for the provider's log lines.
 *
 * @example
 * ```ts
 * describeDeployment({ recorders: 2, location: "lon", domain: "meet.example.com", duration: 3 });
 * // "2 recorder(s) in lon for meet.example.com, 3 h"
 * ```
 */
export function describeDeployment(state: Partial<DeploymentInputs>): string {
  return `${state.recorders} recorder(s) in ${state.location} for ${state.domain}, ${state.duration} h`;
}

/**
 * What a deployment that is not `ready` means for the user, for refresh, preview and up.
 *
 * @example
 * ```ts
 * console.log(statusNote({ deploymentId: "dep-1", status: "awaiting-callback", expiresAt: "…" }));
 * ```
 */
export function statusNote(state: Partial<DeploymentOutputs>): string {
  const what = `deployment ${state.deploymentId} (${describeDeployment(state)}) is ${state.status}: `;
  const keep =
    " JOD has no status endpoint, so the stack keeps it as it is and `pulumi up` never deploys " +
    "it again; check the JOD dashboard, and run `pulumi up --replace <urn>` to deploy new recorders.";
  if (state.status === "awaiting-callback") {
    return (
      what +
      `JOD accepted it (it is paid for and runs until ${state.expiresAt}) but its callback never ` +
      `came, so its recorder ids and IPs are unknown.${keep}`
    );
  }
  return (
    what +
    "JOD's answer to the deployment request was lost, so it may or may not exist (if it does, it " +
    `is paid for and runs until ${state.expiresAt}).${keep}`
  );
}
