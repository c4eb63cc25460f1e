import { ListenAddress } from "../callbacks/callback-listener";
import {
  validateApiKey,
  validateCallbackBaseUrl,
  validateEndpoint,
  validateListenAddress,
} from "../validation";

/** The provider-wide settings, from stack config (`jod:*`) or `JOD_*` environment variables. */
export interface ProviderSettings {
  apiKey?: string;
  endpoint: string;
  /** Public base URL of the callback listener; derived from the bound address when unset. */
  callbackUrl?: string;
  callbackListen: ListenAddress;
  /** When true, a plain `pulumi up` replaces deployments past their expiry. */
  renewExpired: boolean;
}

/** A problem with one config key, reported by `check` so that preview fails early. */
export interface SettingsFailure {
  key: string;
  reason: string;
}

/** Every config key the provider reads, with its environment fallback. */
export const SETTING_KEYS = {
  apiKey: { config: "jod:apiKey", env: "JOD_API_KEY" },
  endpoint: { config: "jod:endpoint", env: "JOD_ENDPOINT" },
  callbackUrl: { config: "jod:callbackUrl", env: "JOD_CALLBACK_URL" },
  callbackListen: { config: "jod:callbackListen", env: "JOD_CALLBACK_LISTEN" },
  renewExpired: { config: "jod:renewExpired", env: "JOD_RENEW_EXPIRED" },
} as const;

export const DEFAULT_ENDPOINT = "https://api.jod.sh";
export const DEFAULT_CALLBACK_LISTEN = "127.0.0.1:0";

/**
 * Reads the settings. Invalid values fall back to defaults and are listed in `failures`, so
 * that `check` can name them while `read` and `delete` (which need no settings) still work.
 *
 * @example
 * ```ts
 * const { settings, failures } = readProviderSettings((key) => config.get(key), process.env);
 * ```
 */
export function readProviderSettings(
  getConfig: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv,
): { settings: ProviderSettings; failures: SettingsFailure[] } {
  const failures: SettingsFailure[] = [];
  const read = (name: keyof typeof SETTING_KEYS) => {
    const { config, env: envName } = SETTING_KEYS[name];
    const fromConfig = getConfig(config);
    if (fromConfig !== undefined) return { value: fromConfig, source: config };
    const fromEnv = env[envName];
    return fromEnv === undefined || fromEnv === ""
      ? undefined
      : { value: fromEnv, source: envName };
  };
  const checked = (
    name: keyof typeof SETTING_KEYS,
    validate: (value: unknown) => string | undefined,
  ): string | undefined => {
    const found = read(name);
    if (!found) return undefined;
    const reason = validate(found.value);
    if (reason === undefined) return found.value;
    failures.push({ key: found.source, reason: `${found.source} ${reason}` });
    return undefined;
  };

  const apiKey = checked("apiKey", validateApiKey);
  if (apiKey === undefined && !read("apiKey")) {
    failures.push({
      key: SETTING_KEYS.apiKey.config,
      reason:
        "jod:apiKey is not set: run `pulumi config set --secret jod:apiKey <key>` with the key " +
        "from your JOD dashboard, or set JOD_API_KEY",
    });
  }
  const renew = checked("renewExpired", (value) =>
    value === "true" || value === "false" ? undefined : 'must be "true" or "false"',
  );
  return {
    settings: {
      apiKey,
      endpoint: checked("endpoint", validateEndpoint) ?? DEFAULT_ENDPOINT,
      callbackUrl: checked("callbackUrl", validateCallbackBaseUrl),
      callbackListen: parseListenAddress(
        checked("callbackListen", validateListenAddress) ?? DEFAULT_CALLBACK_LISTEN,
      ),
      renewExpired: renew === "true",
    },
    failures,
  };
}

/** Splits a validated `host:port`, `[ipv6]:port` or `:port` (all interfaces). */
export function parseListenAddress(address: string): ListenAddress {
  const separator = address.lastIndexOf(":");
  const host = address.slice(0, separator).replace(/^\[(.*)\]$/, "$1");
  return { host: host === "" ? "0.0.0.0" : host, port: Number(address.slice(separator + 1)) };
}
