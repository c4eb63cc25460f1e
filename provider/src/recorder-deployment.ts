import * as pulumi from "@pulumi/pulumi";
import type {
  DeployedRecorder,
  DeploymentInputs,
  DeploymentOutputs,
  DeploymentStatus,
} from "./deployment-state";
import type { Location } from "./locations";
import { resourceIdentity } from "./resource-identity";

/**
 * The provider Pulumi serializes into state. It holds no code of its own: each method loads
 * `pulumi-jod/runtime` from the project's node_modules, so the serialized text stays tiny and
 * stable, no secret is ever captured in it, and `read`/`delete` of old resources run the
 * installed package (which reads state written by earlier versions).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- required lazily on purpose, see above */
// The parameter types are erased by the compiler: they document the contract without changing
// the serialized text.
type Provider = pulumi.dynamic.ResourceProvider<DeploymentInputs, DeploymentOutputs>;
const recorderDeploymentShim: Provider = {
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    return require("pulumi-jod/runtime").recorderDeploymentProvider.configure(req);
  },
  async check(olds: DeploymentInputs, news: DeploymentInputs) {
    return require("pulumi-jod/runtime").recorderDeploymentProvider.check(olds, news);
  },
  async diff(id: pulumi.ID, olds: DeploymentOutputs, news: DeploymentInputs) {
    return require("pulumi-jod/runtime").recorderDeploymentProvider.diff(id, olds, news);
  },
  async create(inputs: DeploymentInputs) {
    return require("pulumi-jod/runtime").recorderDeploymentProvider.create(inputs);
  },
  async read(id: pulumi.ID, props?: DeploymentOutputs) {
    return require("pulumi-jod/runtime").recorderDeploymentProvider.read(id, props);
  },
  async update(id: pulumi.ID, olds: DeploymentOutputs, news: DeploymentInputs) {
    return require("pulumi-jod/runtime").recorderDeploymentProvider.update(id, olds, news);
  },
  async delete(id: pulumi.ID, props: DeploymentOutputs) {
    return require("pulumi-jod/runtime").recorderDeploymentProvider.delete(id, props);
  },
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Config keys whose values are credentials, with the placeholder the advice shows. */
const SECRET_CONFIG_KEYS = { "jod:apiKey": "<key>", "jod:relaySecret": "<secret>" };

/**
 * Refuses a credential set in plain text: the engine would store it unencrypted in the stack's
 * state (as the provider's config), and it sits readable in `Pulumi.<stack>.yaml`.
 */
function refusePlaintextSecrets(): void {
  // `isConfigSecret` is internal to the SDK (no typings); without it, this check is skipped.
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  const config = pulumi.runtime.allConfig();
  for (const [key, placeholder] of Object.entries(SECRET_CONFIG_KEYS)) {
    if (config[key] !== undefined && runtime.isConfigSecret?.(key) === false) {
      throw new pulumi.RunError(
        `${key} is set in plain text, so Pulumi would store it unencrypted in the stack's ` +
          `state. Set it as a secret: pulumi config set --secret ${key} ${placeholder}`,
      );
    }
  }
}

/** The inputs of a {@link RecorderDeployment}. */
export interface RecorderDeploymentArgs {
  /** Your Jitsi domain as configured in JOD, such as `meet.example.com`. Changing it redeploys. */
  domain: pulumi.Input<string>;
  /**
   * How many recorders to deploy (1–10,000). Changing it redeploys. What one update may buy is
   * capped by `jod:maxRecorderHours` (recorders × duration; default 500).
   */
  recorders: pulumi.Input<number>;
  /** How long the recorders run, in whole hours (1–8,760, a year). Changing it redeploys. */
  duration: pulumi.Input<number>;
  /** Where to deploy them: one of JOD's 8 location codes. Changing it redeploys. */
  location: pulumi.Input<Location>;
  /**
   * The public base URL JOD calls back for this deployment, when it differs from
   * `jod:callbackUrl` (the path `/jod/callback/<token>` is appended). Changes in place.
   */
  callbackUrl?: pulumi.Input<string>;
  /** How long `pulumi up` waits for JOD's callback, in seconds (default 900). Changes in place. */
  timeoutSeconds?: pulumi.Input<number>;
}

/**
 * A deployment of Jibri recorders through Jibris On Demand. `pulumi up` deploys (and pays for)
 * them, waits for JOD's callback and exposes the recorders' ids and IPs. The API key and the
 * callback listener come from stack config (`jod:apiKey`, `jod:callbackUrl`, ...).
 *
 * @example
 * ```ts
 * import * as jod from "pulumi-jod";
 *
 * const recorders = new jod.RecorderDeployment("lon", {
 *   domain: "meet.example.com",
 *   recorders: 2,
 *   duration: 3,
 *   location: "lon",
 * });
 * export const recorderIps = recorders.recorderIps;
 * ```
 */
export class RecorderDeployment extends pulumi.dynamic.Resource {
  /** The resource type token: `pulumi-nodejs:dynamic/jod:RecorderDeployment`. */
  static readonly TYPE = "pulumi-nodejs:dynamic/jod:RecorderDeployment";

  declare readonly domain: pulumi.Output<string>;
  declare readonly recorders: pulumi.Output<number>;
  declare readonly duration: pulumi.Output<number>;
  declare readonly location: pulumi.Output<Location>;
  declare readonly callbackUrl: pulumi.Output<string | undefined>;
  declare readonly timeoutSeconds: pulumi.Output<number | undefined>;
  /** JOD's id for this deployment (also the resource id). */
  declare readonly deploymentId: pulumi.Output<string>;
  /** `ready`, or `awaiting-callback`/`unconfirmed` when JOD's callback or answer was lost. */
  declare readonly status: pulumi.Output<DeploymentStatus>;
  /** The recorders JOD deployed, with their ids and IPs. */
  declare readonly deployedRecorders: pulumi.Output<DeployedRecorder[]>;
  /** The recorders' IP addresses, e.g. to open XMPP (5222) to them on the Jitsi host. */
  declare readonly recorderIps: pulumi.Output<string[]>;
  /** The account balance JOD reported after this deployment. */
  declare readonly balance: pulumi.Output<number | undefined>;
  /** When JOD accepted the deployment (ISO 8601). */
  declare readonly deployedAt: pulumi.Output<string>;
  /** When the recorders stop: `deployedAt` plus `duration` hours (ISO 8601). */
  declare readonly expiresAt: pulumi.Output<string>;
  /** JOD's last message about this deployment. */
  declare readonly message: pulumi.Output<string>;

  constructor(name: string, args: RecorderDeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    refusePlaintextSecrets();
    // The nonce alone cannot read or forge a callback (that takes jod:relaySecret too), but
    // it is part of what does, so state keeps it encrypted.
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), "callbackNonce"];
    super(
      recorderDeploymentShim,
      name,
      {
        ...args,
        __jodIdentity: resourceIdentity(RecorderDeployment.TYPE, name, opts),
        deploymentId: undefined,
        status: undefined,
        deployedRecorders: undefined,
        recorderIps: undefined,
        balance: undefined,
        deployedAt: undefined,
        expiresAt: undefined,
        message: undefined,
      },
      // Delete before replace: the Delete that releases the old deployment in the journal is
      // what tells the new create (`--replace`, changed inputs, a renewal) to buy, since the
      // engine gives that create nothing else to tell it from a resume. JOD has no teardown
      // endpoint, so deleting first stops nothing: the old recorders run until they expire.
      { deleteBeforeReplace: true, ...opts, additionalSecretOutputs: secretOutputs },
      "jod",
      "RecorderDeployment",
    );
  }
}
