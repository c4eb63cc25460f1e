import type * as pulumi from "@pulumi/pulumi";
import type { DeploymentOutputs } from "../deployment-state";
import { releaseInJournal } from "./journal-trail";
import { channelFor, ProviderContext, withRecorders } from "./provider-context";

// What the provider does differently when JOD calls back a relay (`jod:callbackRelay`).

/** How long `pulumi refresh` asks the relay for a callback that a create missed. */
export const REFRESH_RELAY_WAIT_MS = 3_000;

/** The relay, not the listener, gets the callback: a `callbackUrl` input would be ignored. */
export function relayInputFailures(
  context: ProviderContext,
  news: Record<string, unknown>,
): pulumi.dynamic.CheckFailure[] {
  if (!context.settings.relay || typeof news.callbackUrl !== "string") return [];
  const reason =
    "has no effect while jod:callbackRelay is set (JOD calls back the relay): remove the " +
    "callbackUrl input, or unset jod:callbackRelay to use the direct listener";
  return [{ property: "callbackUrl", reason }];
}

/** Asks the relay once whether the callback of a deployment that is not `ready` came after all. */
export async function recoverFromRelay(
  context: ProviderContext,
  props: DeploymentOutputs,
): Promise<pulumi.dynamic.ReadResult | undefined> {
  const { log } = context;
  // State keeps a nonce only for a relay channel: the listener keeps nothing after its create.
  if (!context.settings.relay || props.callbackNonce === undefined) return undefined;
  // An unconfirmed deployment's id is not JOD's: take whichever callback its channel holds.
  const expected = props.status === "awaiting-callback" ? props.deploymentId : undefined;
  let outcome;
  try {
    outcome = await channelFor(context).fetchBuffered(
      props.callbackNonce,
      expected,
      REFRESH_RELAY_WAIT_MS,
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
