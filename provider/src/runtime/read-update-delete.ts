import type * as pulumi from "@pulumi/pulumi";
import { DeploymentInputs, DeploymentOutputs, UPDATE_IN_PLACE } from "../deployment-state";
import { identityOf, markHeld, releaseInJournal } from "./journal-trail";
import {
  BUFFERED_CALLBACK_WAIT_MS,
  channelFor,
  describeDeployment,
  isExpired,
  ProviderContext,
  statusNote,
  withRecorders,
} from "./provider-context";

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
    const recovered = await recoverBufferedCallback(context, props);
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

/**
 * Asks the callback channel once whether the callback of a deployment that is not `ready` came
 * after all. Only a relay keeps callbacks, and state keeps a nonce only for a relay channel.
 */
async function recoverBufferedCallback(
  context: ProviderContext,
  props: DeploymentOutputs,
): Promise<pulumi.dynamic.ReadResult | undefined> {
  const { log } = context;
  if (props.callbackNonce === undefined) return undefined;
  // An unconfirmed deployment's id is not JOD's: take whichever callback its channel holds.
  const expected = props.status === "awaiting-callback" ? props.deploymentId : undefined;
  let outcome;
  try {
    outcome = await channelFor(context).fetchBuffered(
      props.callbackNonce,
      expected,
      BUFFERED_CALLBACK_WAIT_MS,
    );
  } catch (error) {
    log(
      `could not ask the relay about deployment ${props.deploymentId}: ${(error as Error).message}`,
    );
    return undefined;
  }
  if (!outcome) return undefined;
  if (outcome.kind === "failure") {
    log(
      `the relay holds JOD's callback for deployment ${props.deploymentId}: it failed ("${outcome.message}"), ` +
        "so no recorders run. It is dropped from the stack, and the next `pulumi up` deploys anew.",
    );
    await releaseInJournal(context, props, "failed");
    return { id: "", props: {} };
  }
  const outs = withRecorders(
    { ...props, deploymentId: outcome.deploymentId },
    outcome.recorders,
    outcome.message || props.message,
  );
  log(
    `deployment ${outcome.deploymentId} is ready: its callback was waiting on the relay ` +
      `(${outcome.recorders.length} recorder(s) at ${outs.recorderIps.join(", ") || "no IPs"}).`,
  );
  return { id: outcome.deploymentId, props: outs };
}
