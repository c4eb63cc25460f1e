import type * as pulumi from "@pulumi/pulumi";
import {
  DeploymentInputs,
  DeploymentOutputs,
  REPLACE_ON_CHANGE,
  UPDATE_IN_PLACE,
} from "../deployment-state";
import {
  validateCallbackBaseUrl,
  validateDomain,
  validateDuration,
  validateLocation,
  validateRecorders,
  validateTimeoutSeconds,
} from "../validation";
import {
  channelFor,
  describeDeployment,
  isExpired,
  ProviderContext,
  statusNote,
} from "./provider-context";
import { unreachableCallbackReason } from "../settings";

/**
 * What the engine sends in place of a value that is not known yet during preview
 * (`@pulumi/pulumi/runtime/rpc` `unknownValue`; copied so the provider loads without the SDK).
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const VALIDATORS = {
  domain: validateDomain,
  recorders: validateRecorders,
  duration: validateDuration,
  location: validateLocation,
  callbackUrl: validateCallbackBaseUrl,
  timeoutSeconds: validateTimeoutSeconds,
} satisfies Record<keyof DeploymentInputs, (value: unknown) => string | undefined>;

const OPTIONAL_INPUTS: ReadonlySet<string> = new Set(["callbackUrl", "timeoutSeconds"]);

/** Inputs and config problems fail at preview, before anything is paid. */
export async function check(
  context: ProviderContext,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const [property, validate] of Object.entries(VALIDATORS)) {
    const value: unknown = news[property];
    if (value === UNKNOWN_VALUE || (OPTIONAL_INPUTS.has(property) && value === undefined)) continue;
    const reason = validate(value);
    if (reason) failures.push({ property, reason });
  }
  // The relay, not the listener, gets the callback: a `callbackUrl` input would be ignored.
  if (context.settings.relay && typeof news.callbackUrl === "string") {
    const reason =
      "has no effect while jod:callbackRelay is set (JOD calls back the relay): remove the " +
      "callbackUrl input, or unset jod:callbackRelay to use the direct listener";
    failures.push({ property: "callbackUrl", reason });
  }
  // Config problems have no input property; the reason names the config key.
  failures.push(...context.settingsFailures.map(({ reason }) => ({ property: "", reason })));
  if (failures.length === 0 && news.callbackUrl !== UNKNOWN_VALUE) {
    const callbackUrl = news.callbackUrl as string | undefined;
    const unreachable = unreachableCallbackReason(context.settings, callbackUrl);
    if (unreachable) failures.push({ property: "", reason: unreachable });
  }
  // The relay keeps the journal: one that is down, outdated or on a volatile store fails the
  // preview, before anything could be bought (asked once per process).
  if (failures.length === 0 && context.settings.relay) {
    await channelFor(context)
      .ready()
      .catch((error: Error) => failures.push({ property: "", reason: error.message }));
  }
  return { inputs: news, failures };
}

/**
 * Always explicit `changes`; a change that needs a new (paid) deployment goes in `replaces`, and
 * is made delete-before-replace: the Delete releases the old deployment in the journal, which is
 * what makes the create that follows buy (see `purchase-decision.ts`).
 */
export async function diff(
  context: ProviderContext,
  olds: Partial<DeploymentOutputs>,
  news: DeploymentInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const { log } = context;
  const replaces: string[] = REPLACE_ON_CHANGE.filter((key) => olds[key] !== news[key]);
  const updates = UPDATE_IN_PLACE.filter((key) => olds[key] !== news[key]);
  const expired = isExpired(olds, context.deps.now());
  if (expired && replaces.length === 0) {
    if (context.settings.renewExpired) replaces.push("expiresAt");
    else {
      log(
        `deployment ${olds.deploymentId} (${describeDeployment(olds)}) expired at ${olds.expiresAt}. ` +
          "Run `pulumi up --refresh` to drop it and deploy new recorders.",
      );
    }
  }
  if (replaces.length === 0 && olds.status !== undefined && olds.status !== "ready") {
    log(statusNote(olds));
  }
  if (replaces.length > 0) {
    log(
      `replacing deployment ${olds.deploymentId} because ${replaces.join(", ")} changed: this ` +
        `deploys and pays for new recorders (${describeDeployment(news)}), while the current ones keep ` +
        `running until ${olds.expiresAt} (JOD has no way to stop them early).`,
    );
  }
  return {
    changes: replaces.length > 0 || updates.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0,
  };
}
