import type { ConfigMap } from "@pulumi/pulumi/automation";
import * as jod from "pulumi-jod";
import type { DeploymentRecord, RunningEmulator } from "../../emulator/src";
import { jodConfig, TEST_DOMAIN } from "./jod-test-setup";
import { PulumiTestStack } from "./pulumi-test-stack";
import { type RelayEndpoint } from "./relay-client";
import { waitUntil } from "./reliability-processes";

/** Stack config for relay mode: the relay's URL and its secret (as a secret). */
export function relayConfig(emulator: RunningEmulator, relay: RelayEndpoint): ConfigMap {
  return {
    ...jodConfig(emulator),
    "jod:callbackRelay": { value: relay.baseUrl },
    "jod:relaySecret": { value: relay.secret, secret: true },
  };
}

/**
 * A stack in relay mode whose program declares the RecorderDeployment `name` on the test
 * domain with `args`, and exports its status and recorder IPs.
 */
export function relayDeploymentStack(
  emulator: RunningEmulator,
  relay: RelayEndpoint,
  name: string,
  args: Omit<jod.RecorderDeploymentArgs, "domain">,
): Promise<PulumiTestStack> {
  return PulumiTestStack.create({
    program: async () => {
      const deployment = new jod.RecorderDeployment(name, { domain: TEST_DOMAIN, ...args });
      return { status: deployment.status, recorderIps: deployment.recorderIps };
    },
    config: relayConfig(emulator, relay),
  });
}

/** Waits until the emulator's first deployment exists and returns its record. */
export async function firstDeployment(emulator: RunningEmulator): Promise<DeploymentRecord> {
  await waitUntil(
    () => emulator.deployments()[0] !== undefined,
    "JOD (the emulator) accepted a deployment",
    60_000,
  );
  return emulator.deployments()[0];
}

/** Waits until the relay accepted (202) the emulator's callback for its first deployment. */
export function callbackDelivered(emulator: RunningEmulator): Promise<void> {
  return waitUntil(
    () => (emulator.deployments()[0]?.callbackDeliveries ?? []).some((d) => d.httpStatus === 202),
    "the callback reached the relay",
    60_000,
  );
}
