import type * as Grpc from "@grpc/grpc-js";
import type * as pulumi from "@pulumi/pulumi";
import type * as ProviderProto from "@pulumi/pulumi/proto/provider_pb";
import {
  DEFAULT_TIMEOUT_SECONDS,
  type DeploymentInputs,
  type DeploymentOutputs,
} from "../deployment-state";
import type { createRecorderDeploymentProvider } from "../runtime/recorder-deployment-provider";
import { UNKNOWN_VALUE } from "../runtime/recorder-deployment-provider";
import { readProviderSettings, SETTING_KEYS } from "../settings";
import { forResource } from "./engine-log";
import { constructFleet } from "./fleet-construct";
import { fromStruct, toStruct, type Properties } from "./properties";
import { RECORDER_DEPLOYMENT_TYPE } from "./resource-types";
import { sdk } from "./sdk-modules";

/** Config keys (without `jod:`) and outputs that state must keep encrypted. */
const SECRET_CONFIG = ["apiKey", "relaySecret"];
const SECRET_OUTPUTS = ["callbackNonce"];

/** The hidden input the core's deployment journal names a resource by (`identityOf`). */
const IDENTITY = "__jodIdentity";
/** Where a dynamic resource's state keeps its serialized provider. */
const DYNAMIC_PROVIDER = "__provider";

type Provider = ReturnType<typeof createRecorderDeploymentProvider>;

/** What a handler answers: a response, or an error that becomes the gRPC status. */
type Handler<Request, Response> = (request: Request) => Promise<Response>;

/** What the plugin server needs besides the core provider. */
export interface PluginOptions {
  /** The core provider of this process (one callback listener for every create). */
  provider: Provider;
  /** The provider version (package.json), for GetPluginInfo and the schema. */
  version: string;
  /** The schema's text, without its version. */
  schema: string;
  /** Aborted by the engine's Cancel; the core's creates watch it. */
  cancel: AbortController;
  /** Where CheckConfig finds the `JOD_*` fallbacks, as the core does. */
  env: NodeJS.ProcessEnv;
  /** The engine logger the core logs with (engine-log.ts), for a fleet's recorder-hours. */
  log: (message: string) => void;
}

/**
 * The ResourceProvider service over the core provider: it only translates between the engine's
 * protocol and the core's calls (`createRecorderDeploymentProvider`), which decide everything.
 */
export function pluginService(options: PluginOptions): Grpc.UntypedServiceImplementation {
  const { provider, version, cancel, env, log } = options;
  const { providerProto, structProto, emptyProto, pluginProto } = sdk;
  const Struct = structProto.Struct;
  const schema = JSON.stringify({ ...JSON.parse(options.schema), version });

  const unary = <Request, Response>(handler: Handler<Request, Response>) =>
    ((call: Grpc.ServerUnaryCall<Request, Response>, callback: Grpc.sendUnaryData<Response>) => {
      handler(call.request).then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error)),
      );
    }) as Grpc.handleUnaryCall<Request, Response>;

  const requireType = (type: string) => {
    if (type !== RECORDER_DEPLOYMENT_TYPE) {
      throw new Error(
        `unknown resource type ${type}: this plugin serves ${RECORDER_DEPLOYMENT_TYPE}`,
      );
    }
  };

  return {
    getPluginInfo: unary(async () => new pluginProto.PluginInfo().setVersion(version)),
    getSchema: unary(async () => new providerProto.GetSchemaResponse().setSchema(schema)),
    // The engine asks for mappings to other ecosystems (e.g. Terraform); there are none.
    getMapping: unary(async () => new providerProto.GetMappingResponse()),
    getMappings: unary(async () => new providerProto.GetMappingsResponse()),

    checkConfig: unary(async (request: ProviderProto.CheckRequest) => {
      const { values: news, secrets } = fromStruct(request.getNews());
      const config = (key: string) => configValue(news[configProperty(key)]);
      const unknown = (key: string) => news[configProperty(key)] === UNKNOWN_VALUE;
      const { failures } = readProviderSettings(config, env);
      const response = new providerProto.CheckResponse().setInputs(
        // Credentials are kept encrypted even when set in plain text.
        toStruct(Struct, news, [...secrets, ...SECRET_CONFIG]),
      );
      for (const failure of failures) {
        // A value not known until the program runs is checked when it is (at Configure).
        if (unknown(failure.key)) continue;
        response.addFailures(
          new providerProto.CheckFailure()
            .setProperty(configProperty(failure.key))
            .setReason(failure.reason),
        );
      }
      return response;
    }),

    // Settings only matter while an operation runs: a change updates the provider in place.
    diffConfig: unary(async (request: ProviderProto.DiffRequest) => {
      const olds = fromStruct(request.getOldInputs() ?? request.getOlds()).values;
      const news = fromStruct(request.getNews()).values;
      const changed = settingNames().filter((name) => olds[name] !== news[name]);
      return new providerProto.DiffResponse()
        .setChanges(
          changed.length > 0
            ? providerProto.DiffResponse.DiffChanges.DIFF_SOME
            : providerProto.DiffResponse.DiffChanges.DIFF_NONE,
        )
        .setDiffsList(changed);
    }),

    configure: unary(async (request: ProviderProto.ConfigureRequest) => {
      // The provider's checked inputs, as CheckConfig returned them; engines that send no
      // args send the variables map, keyed `jod:config:apiKey`.
      const args = request.getArgs() ? fromStruct(request.getArgs()).values : undefined;
      const variables = request.getVariablesMap();
      const get = (key: string) =>
        args
          ? configValue(args[configProperty(key)])
          : variables.get(key.replace(/^jod:/, "jod:config:"));
      // The core reads settings through `req.config.get(key)` with full keys (`jod:apiKey`).
      await provider.configure({ config: { get } } as unknown as pulumi.dynamic.ConfigureRequest);
      // No Create during preview (supportsPreview false): the engine shows outputs as unknown.
      return new providerProto.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false);
    }),

    construct: unary(async (request: ProviderProto.ConstructRequest) =>
      constructFleet(request, { version, env, log }),
    ),

    check: unary(async (request: ProviderProto.CheckRequest) => {
      requireType(request.getType());
      const olds = fromStruct(request.getOlds());
      const news = fromStruct(request.getNews());
      const result = await forResource(request.getUrn(), () =>
        provider.check(olds.values, news.values),
      );
      const response = new providerProto.CheckResponse().setInputs(
        toStruct(Struct, (result.inputs ?? news.values) as Properties, news.secrets),
      );
      for (const failure of result.failures ?? []) {
        response.addFailures(
          new providerProto.CheckFailure().setProperty(failure.property).setReason(failure.reason),
        );
      }
      return response;
    }),

    diff: unary(async (request: ProviderProto.DiffRequest) => {
      const urn = request.getUrn();
      const olds = withIdentity(fromStruct(request.getOlds()).values, urn);
      const news = fromStruct(request.getNews()).values as unknown as DeploymentInputs;
      const result = await forResource(urn, () => provider.diff(request.getId(), olds, news));
      const { DiffChanges } = providerProto.DiffResponse;
      return new providerProto.DiffResponse()
        .setChanges(result.changes ? DiffChanges.DIFF_SOME : DiffChanges.DIFF_NONE)
        .setReplacesList(result.replaces ?? [])
        .setDeletebeforereplace(result.deleteBeforeReplace ?? false);
    }),

    create: unary(async (request: ProviderProto.CreateRequest) => {
      const urn = request.getUrn();
      requireType(request.getType());
      const { values: inputs, secrets } = fromStruct(request.getProperties());
      const declared = inputs.timeoutSeconds;
      // `customTimeouts.create` bounds the wait on JOD's callback like a shorter timeoutSeconds.
      const timeout = request.getTimeout();
      const bounded =
        timeout > 0
          ? Math.min(typeof declared === "number" ? declared : DEFAULT_TIMEOUT_SECONDS, timeout)
          : declared;
      const coreInputs = withIdentity({ ...inputs, timeoutSeconds: bounded }, urn);
      // State keeps the declared input, so the next diff sees no change.
      const outputs = (outs: unknown) =>
        toStruct(Struct, stateOf({ ...(outs as Properties), timeoutSeconds: declared }), [
          ...secrets,
          ...SECRET_OUTPUTS,
        ]);
      try {
        const result = await forResource(urn, () =>
          provider.create(coreInputs as unknown as DeploymentInputs),
        );
        return new providerProto.CreateResponse()
          .setId(result.id)
          .setProperties(outputs(result.outs));
      } catch (error) {
        const kept = error as { id?: string; properties?: unknown; reasons?: string[] };
        if (kept.id) {
          throw partialCreate(error as Error, kept.id, outputs(kept.properties), kept.reasons);
        }
        throw error;
      }
    }),

    read: unary(async (request: ProviderProto.ReadRequest) => {
      const urn = request.getUrn();
      const state = fromStruct(request.getProperties());
      const inputs = fromStruct(request.getInputs());
      const props = withIdentity(state.values, urn);
      const result = await forResource(urn, () =>
        provider.read(request.getId(), props as unknown as DeploymentOutputs),
      );
      const response = new providerProto.ReadResponse().setId(result.id ?? "");
      if (!result.id) return response;
      return response
        .setProperties(
          toStruct(Struct, stateOf(result.props as Properties), [
            ...state.secrets,
            ...SECRET_OUTPUTS,
          ]),
        )
        .setInputs(toStruct(Struct, inputs.values, inputs.secrets));
    }),

    update: unary(async (request: ProviderProto.UpdateRequest) => {
      const urn = request.getUrn();
      const olds = withIdentity(fromStruct(request.getOlds()).values, urn);
      const news = fromStruct(request.getNews());
      const result = await forResource(urn, () =>
        provider.update(
          request.getId(),
          olds as unknown as DeploymentOutputs,
          news.values as unknown as DeploymentInputs,
        ),
      );
      return new providerProto.UpdateResponse().setProperties(
        toStruct(Struct, stateOf(result.outs as Properties), [...news.secrets, ...SECRET_OUTPUTS]),
      );
    }),

    delete: unary(async (request: ProviderProto.DeleteRequest) => {
      const urn = request.getUrn();
      const props = withIdentity(fromStruct(request.getProperties()).values, urn);
      await forResource(urn, () =>
        provider.delete(request.getId(), props as unknown as DeploymentOutputs),
      );
      return new emptyProto.Empty();
    }),

    cancel: unary(async () => {
      cancel.abort();
      return new emptyProto.Empty();
    }),
  };
}

/** Config values reach CheckConfig as strings, or typed (a number, a boolean) from YAML. */
function configValue(value: unknown): string | undefined {
  if (value === undefined || value === null || value === UNKNOWN_VALUE) return undefined;
  return typeof value === "string" ? value : String(value);
}

/** `jod:apiKey` → `apiKey`; an environment variable's failure names the variable. */
function configProperty(key: string): string {
  return key.startsWith("jod:") ? key.slice("jod:".length) : key;
}

/** Every provider setting's property name (`apiKey`, ...). */
function settingNames(): string[] {
  return Object.values(SETTING_KEYS).map(({ config }) => configProperty(config));
}

/**
 * The properties with the journal's name for the resource: its URN, the same in every run of
 * the stack and unique to the resource. The dynamic resource passes its own as an input.
 */
function withIdentity(properties: Properties, urn: string): Properties {
  return { ...properties, [IDENTITY]: urn };
}

/**
 * What state keeps: the schema's properties, not the journal's name (it is the URN), nor the
 * serialized provider of a resource moved here from the dynamic `RecorderDeployment`.
 */
function stateOf(properties: Properties): Properties {
  const state = { ...properties };
  delete state[IDENTITY];
  delete state[DYNAMIC_PROVIDER];
  return state;
}

/**
 * A create that the engine must keep in state though it failed: the status the Node SDK's own
 * provider server sends (`grpcResponseFromError`), with an `ErrorResourceInitFailed` detail
 * holding the id and properties.
 */
function partialCreate(
  error: Error,
  id: string,
  properties: ReturnType<typeof toStruct>,
  reasons: string[] = [error.message],
): Grpc.ServiceError {
  const { grpc, anyProto, providerProto, statusProto } = sdk;
  const detail = new providerProto.ErrorResourceInitFailed()
    .setId(id)
    .setProperties(properties)
    .setReasonsList(reasons);
  const packed = new anyProto.Any();
  packed.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const status = new statusProto.Status().setCode(grpc.status.UNKNOWN).setMessage(error.message);
  // Not chained: `addDetails` returns the detail, not the status.
  status.addDetails(packed);
  const metadata = new grpc.Metadata();
  metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  return Object.assign(new Error(error.message), {
    code: grpc.status.UNKNOWN,
    details: error.message,
    metadata,
  });
}

/** Any other failure: its message, as the engine shows it under the resource. */
function toServiceError(error: unknown): Partial<Grpc.ServiceError> {
  if (error instanceof Error && "metadata" in error) return error as Grpc.ServiceError;
  const message = error instanceof Error ? error.message : String(error);
  return { code: sdk.grpc.status.UNKNOWN, details: message, message };
}
