import type * as pulumi from "@pulumi/pulumi";
import { DeploymentInputs, DeploymentOutputs, UPDATE_IN_PLACE } from "../deployment-state";
import { releaseInJournal } from "./journal-trail";
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
    await releaseEnded(context, props, "expired");
    return { id: "", props: {} };
  }
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

/**
 * JOD has no teardown endpoint: deleting only forgets the deployment. The journal must record
 * that (a later create of the resource then buys anew): when it cannot, the Delete fails and the
 * stack keeps the deployment, so a replacement never takes the old deployment back unasked.
 */
export async function remove(
  context: ProviderContext,
  id: string,
  state: DeploymentOutputs,
): Promise<void> {
  // A deployment imported from a pending create (`--import-pending-creates`) has its id only.
  const props = { ...state, deploymentId: state.deploymentId ?? id };
  try {
    await releaseInJournal(context, props, "removed from the stack");
  } catch (error) {
    throw new Error(
      `Could not record in the deployment journal that the stack lets deployment ` +
        `${props.deploymentId} go (${(error as Error).message}), so the stack keeps it and nothing ` +
        "was bought. Run the command again once the journal can be written; to drop the " +
        "resource from the stack without the journal, use `pulumi state delete <urn>`.",
      { cause: error },
    );
  }
  const running = !isExpired(props, context.deps.now());
  context.log(
    `removed deployment ${props.deploymentId} (${describeDeployment(props)}) from the stack. ` +
      (running
        ? `JOD has no teardown endpoint: its recorders keep running (already paid) until ${props.expiresAt}.`
        : `It expired at ${props.expiresAt}.`),
  );
}

/**
 * Records a deployment that no longer runs (expired, or failed by JOD) as released. Best effort: such a
 * deployment is bought anew by a later create whatever its entry says.
 */
async function releaseEnded(
  context: ProviderContext,
  props: DeploymentOutputs,
  why: string,
): Promise<void> {
  try {
    await releaseInJournal(context, props, why);
  } catch (error) {
    context.log(`deployment journal: could not record the release: ${(error as Error).message}`);
  }
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
    await releaseEnded(context, props, "failed");
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
