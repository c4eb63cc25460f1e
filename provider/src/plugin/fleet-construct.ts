import type * as Grpc from "@grpc/grpc-js";
import type * as ProviderProto from "@pulumi/pulumi/proto/provider_pb";
import type * as ResourceProto from "@pulumi/pulumi/proto/resource_pb";
import { fleetRecorderHoursMessage } from "../fleet-rules";
import { readProviderSettings } from "../settings";
import { forResource } from "./engine-log";
import {
  fleetOutputs,
  planFleet,
  type FleetDeploymentPlan,
  type RegisteredDeployment,
} from "./fleet-plan";
import { fromStruct, toStruct } from "./properties";
import { RECORDER_DEPLOYMENT_TYPE, RECORDER_FLEET_TYPE } from "./resource-types";
import { sdk } from "./sdk-modules";

/** What serving a fleet needs from the plugin process. */
export interface FleetConstructOptions {
  /** The plugin's version: its deployments are served by the same plugin. */
  version: string;
  /** Where the `JOD_*` fallbacks come from (the price of a recorder-hour). */
  env: NodeJS.ProcessEnv;
  /** The engine logger (engine-log.ts): lines go under the resource of the current call. */
  log: (message: string) => void;
}

/**
 * Construct for `jod:index:RecorderFleet`, done the way an SDK's component does it but over the
 * engine's resource monitor directly (no Pulumi language SDK in the plugin): registers the
 * component, one `jod:index:RecorderDeployment` per location as its children (concurrently, like
 * the TypeScript `RecorderFleet`), then the component's outputs.
 */
export async function constructFleet(
  request: ProviderProto.ConstructRequest,
  { version, env, log }: FleetConstructOptions,
): Promise<ProviderProto.ConstructResponse> {
  const { grpc, providerProto, resourceGrpc, resourceProto, structProto } = sdk;
  if (request.getType() !== RECORDER_FLEET_TYPE) {
    throw new Error(
      `unknown component type ${request.getType()}: this plugin constructs ${RECORDER_FLEET_TYPE}`,
    );
  }
  const name = request.getName();
  const inputs = fromStruct(request.getInputs());
  const plan = planFleet(name, inputs.values);
  const monitor = new resourceGrpc.ResourceMonitorClient(
    request.getMonitorendpoint(),
    grpc.credentials.createInsecure(),
  );
  try {
    const component = await register(
      monitor,
      new resourceProto.RegisterResourceRequest()
        .setType(RECORDER_FLEET_TYPE)
        .setName(name)
        .setParent(request.getParent())
        .setCustom(false)
        .setObject(new structProto.Struct())
        .setProtect(request.getProtect() ?? false)
        .setDependenciesList(request.getDependenciesList())
        .setAliasesList(request.getAliasesList())
        .setAcceptsecrets(true)
        .setAcceptresources(true),
    );
    const componentUrn = component.getUrn();
    if (plan.hours !== undefined) {
      const config = request.getConfigMap();
      const price = readProviderSettings((key) => config.get(key), env).settings
        .pricePerRecorderHour;
      await forResource(componentUrn, async () =>
        log(fleetRecorderHoursMessage(name, plan.totalRecorders, plan.hours as number, price)),
      );
    }
    const registered = await Promise.all(
      plan.deployments.map(async (deployment) =>
        registerDeployment(monitor, deployment, { request, componentUrn, version }, inputs.secrets),
      ),
    );
    const outputs = toStruct(structProto.Struct, fleetOutputs(plan, registered, version));
    await new Promise<void>((resolve, reject) =>
      monitor.registerResourceOutputs(
        new resourceProto.RegisterResourceOutputsRequest().setUrn(componentUrn).setOutputs(outputs),
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    return new providerProto.ConstructResponse().setUrn(componentUrn).setState(outputs);
  } finally {
    monitor.close();
  }
}

type Monitor = InstanceType<(typeof sdk)["resourceGrpc"]["ResourceMonitorClient"]>;

function register(
  monitor: Monitor,
  request: ResourceProto.RegisterResourceRequest,
): Promise<ResourceProto.RegisterResourceResponse> {
  return new Promise((resolve, reject) =>
    monitor.registerResource(request, (error: Grpc.ServiceError | null, response) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

/**
 * One location's deployment, a child of the fleet. `deleteBeforeReplace`: a replacement forgets
 * the old deployment (in state and the journal) before buying the new one, which the purchase
 * decision relies on. Served by the fleet's own `jod` provider when the program gave one.
 */
async function registerDeployment(
  monitor: Monitor,
  deployment: FleetDeploymentPlan,
  fleet: { request: ProviderProto.ConstructRequest; componentUrn: string; version: string },
  secretInputs: Set<string>,
): Promise<RegisteredDeployment> {
  const { resourceProto, structProto } = sdk;
  const { request, componentUrn, version } = fleet;
  const timeouts = request.getCustomtimeouts();
  const registration = new resourceProto.RegisterResourceRequest()
    .setType(RECORDER_DEPLOYMENT_TYPE)
    .setName(deployment.name)
    .setParent(componentUrn)
    .setCustom(true)
    .setObject(toStruct(structProto.Struct, deployment.inputs, secretInputs))
    .setProtect(request.getProtect() ?? false)
    .setProvider(request.getProvidersMap().get("jod") ?? "")
    .setVersion(version)
    .setDeletebeforereplace(true)
    .setDeletebeforereplacedefined(true)
    .setAcceptsecrets(true)
    .setAcceptresources(true);
  if (timeouts) {
    registration.setCustomtimeouts(
      new resourceProto.RegisterResourceRequest.CustomTimeouts()
        .setCreate(timeouts.getCreate())
        .setUpdate(timeouts.getUpdate())
        .setDelete(timeouts.getDelete()),
    );
  }
  const response = await register(monitor, registration);
  return {
    location: deployment.location,
    urn: response.getUrn(),
    id: response.getId(),
    outputs: fromStruct(response.getObject()).values,
  };
}
