import type { ProviderSettings } from "../../provider/src/settings";

/**
 * Settings of a configured provider talking to the real JOD endpoint, with `overrides`: for
 * unit tests of the checks that read settings directly.
 *
 * @example
 * ```ts
 * unreachableCallbackReason(unitSettings({ callbackUrl: "http://127.0.0.1:8080" }), undefined);
 * ```
 */
export function unitSettings(overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    apiKey: "key",
    endpoint: "https://api.jod.sh",
    callbackListen: { host: "127.0.0.1", port: 0 },
    renewExpired: false,
    allowCallbackTokenInClear: false,
    maxRecorderHours: 500,
    ...overrides,
  };
}
