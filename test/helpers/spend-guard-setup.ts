import type { ConfigMap } from "@pulumi/pulumi/automation";
import * as jod from "pulumi-jod";
import type { RunningEmulator } from "../../emulator/src";
import { jodConfig, TEST_DOMAIN } from "./jod-test-setup";
import type { PulumiTestStack } from "./pulumi-test-stack";

/** The emulator's config plus the spend guard's keys, set only when given. */
export function spendConfig(
  emulator: RunningEmulator,
  spend: { maxRecorderHours?: string; pricePerRecorderHour?: string } = {},
): ConfigMap {
  const config = jodConfig(emulator);
  if (spend.maxRecorderHours !== undefined) {
    config["jod:maxRecorderHours"] = { value: spend.maxRecorderHours };
  }
  if (spend.pricePerRecorderHour !== undefined) {
    config["jod:pricePerRecorderHour"] = { value: spend.pricePerRecorderHour };
  }
  return config;
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

/** Runs `pulumi preview`, expects it to fail, and returns what the CLI printed. */
export async function expectPreviewToFail(stack: PulumiTestStack): Promise<string> {
  try {
    await stack.preview();
  } catch (error) {
    return String((error as Error).message);
  }
  throw new Error("expected `pulumi preview` to fail, but it succeeded");
}

/** The names of the RecorderDeployments in state, sorted. */
export async function deploymentsInState(stack: PulumiTestStack): Promise<string[]> {
  const resources = await stack.resourcesOfType(jod.RecorderDeployment.TYPE);
  return resources.map((resource) => resource.urn.split("::").at(-1) ?? "").sort();
}
