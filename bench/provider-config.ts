import type { RunningEmulator } from "../emulator/src";
import { TEST_API_KEY, TEST_DOMAIN } from "../test/helpers/jod-test-setup";
import type { Properties } from "./dynamic-provider-process";

/**
 * The stack config a hand-started provider process gets in Configure, as the engine passes it.
 *
 * @example
 * ```ts
 * await provider.configure(providerConfig(emulator));
 * ```
 */
export function providerConfig(emulator: RunningEmulator): Record<string, string> {
  return { "jod:apiKey": TEST_API_KEY, "jod:endpoint": emulator.url };
}

/**
 * A RecorderDeployment's inputs with its serialized provider, as the engine sends them.
 *
 * @example
 * ```ts
 * await provider.check(deploymentProperties(serialized.recorder, "lon"));
 * ```
 */
export function deploymentProperties(
  serializedProvider: string,
  location: string,
  timeoutSeconds?: number,
): Properties {
  return {
    __provider: serializedProvider,
    domain: TEST_DOMAIN,
    recorders: 1,
    duration: 1,
    location,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  };
}

/**
 * Throws unless a check passed, so a benchmark never times a provider that refused its inputs.
 *
 * @example
 * ```ts
 * expectNoFailures(await provider.check(properties));
 * ```
 */
export function expectNoFailures(failures: { property: string; reason: string }[]): void {
  if (failures.length > 0) {
    const reasons = failures.map((failure) => `${failure.property}: ${failure.reason}`);
    throw new Error(`check failed: ${reasons.join("; ")}`);
  }
}
