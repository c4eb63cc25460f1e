import type { ConfigMap, PulumiFn } from "@pulumi/pulumi/automation";
import * as jod from "pulumi-jod";
import type { RunningEmulator } from "../../emulator/src";
import {
  type EmulatorAndStack,
  jodConfig,
  TEST_DOMAIN,
  useStackOnEmulator,
} from "./jod-test-setup";
import type { PulumiTestStack } from "./pulumi-test-stack";

/** The spend guard's config keys, as the user sets them. */
export interface SpendSettings {
  maxRecorderHours?: string;
  pricePerRecorderHour?: string;
}

/** The emulator's config plus the spend guard's keys, set only when given. */
export function spendConfig(emulator: RunningEmulator, spend: SpendSettings = {}): ConfigMap {
  const config = jodConfig(emulator);
  if (spend.maxRecorderHours !== undefined) {
    config["jod:maxRecorderHours"] = { value: spend.maxRecorderHours };
  }
  if (spend.pricePerRecorderHour !== undefined) {
    config["jod:pricePerRecorderHour"] = { value: spend.pricePerRecorderHour };
  }
  return config;
}

/** {@link useStackOnEmulator} with the spend guard's `spend` settings. */
export function useSpendGuardStack(program: PulumiFn, spend: SpendSettings): EmulatorAndStack {
  return useStackOnEmulator({ program, config: (emulator) => spendConfig(emulator, spend) });
}

/** A deployment on the test domain; `recorders` × `duration` is what it buys. */
export function deployment(
  name: string,
  args: Partial<jod.RecorderDeploymentArgs> = {},
  opts?: { dependsOn?: jod.RecorderDeployment },
): jod.RecorderDeployment {
  return new jod.RecorderDeployment(
    name,
    { domain: TEST_DOMAIN, recorders: 1, duration: 1, location: "lon", ...args },
    opts?.dependsOn ? { dependsOn: [opts.dependsOn] } : undefined,
  );
}

/** The names of the RecorderDeployments in state, sorted. */
export async function deploymentsInState(stack: PulumiTestStack): Promise<string[]> {
  const resources = await stack.resourcesOfType(jod.RecorderDeployment.TYPE);
  return resources.map((resource) => resource.urn.split("::").at(-1) ?? "").sort();
}
