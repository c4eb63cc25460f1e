import type * as pulumi from "@pulumi/pulumi";
import { DeploymentInputs, DeploymentOutputs, UPDATE_IN_PLACE } from "../deployment-state";
import { identityOf, markHeld, releaseInJournal } from "./journal-trail";
import { describeDeployment, isExpired, ProviderContext, statusNote } from "./provider-context";
import { recoverFromRelay } from "./relay-mode";

// These run for stacks of every version (the old serialized shim calls them), so they read
// state as it is and need no settings but the relay's.

/**
 * JOD has no status endpoint: what the stack knows is all there is to know, until expiry, but
 * for a callback the relay kept for a create that missed it.
 */
export async function read(
  context: ProviderContext,
  id: string,
  props: DeploymentOutputs,
): Promise<pulumi.dynamic.ReadResult> {
  if (isExpired(props, context.deps.now())) {
    context.log(
      `deployment ${props.deploymentId} (${describeDeployment(props)}) expired at ${props.expiresAt}; ` +
        "it is dropped from the stack and the next `pulumi up` deploys new recorders.",
    );
    await releaseInJournal(context, props, "expired");
    return { id: "", props: {} };
  }
  await markHeld(context, identityOf(props), props.deploymentId);
  if (props.status !== undefined && props.status !== "ready") {
    const recovered = await recoverFromRelay(context, props);
    if (recovered) return recovered;
    context.log(statusNote(props));
  }
  return { id, props };
}

/** Only inputs that matter while a create waits change in place; the deployment stays. */
export async function update(
  context: ProviderContext,
  olds: DeploymentOutputs,
  news: DeploymentInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  await markHeld(context, identityOf(olds), olds.deploymentId);
  const outs: Record<string, unknown> = { ...olds };
  for (const key of UPDATE_IN_PLACE) {
    if (news[key] === undefined) delete outs[key];
    else outs[key] = news[key];
  }
  if (olds.status !== "ready") {
    context.log(
      `deployment ${olds.deploymentId} is still ${olds.status}: JOD has no status endpoint, so ` +
        "it stays as it is (never deployed twice). Run `pulumi up --replace <urn>` to deploy anew.",
    );
  }
  return { outs };
}

/** JOD has no teardown endpoint: deleting only forgets the deployment. */
export async function remove(context: ProviderContext, props: DeploymentOutputs): Promise<void> {
  const running = !isExpired(props, context.deps.now());
  context.log(
    `removed deployment ${props.deploymentId} (${describeDeployment(props)}) from the stack. ` +
      (running
        ? `JOD has no teardown endpoint: its recorders keep running (already paid) until ${props.expiresAt}.`
        : `It expired at ${props.expiresAt}.`),
  );
  await releaseInJournal(context, props, "removed from the stack");
}
