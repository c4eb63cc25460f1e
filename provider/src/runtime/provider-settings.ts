import type { ListenAddress } from "../callbacks/callback-listener";
import { CLIENT_DEFAULTS } from "../client/jod-client";
import { readRelaySettings, relayUnreachableReason, type RelaySettings } from "../relay";
import {
  isLoopbackHost,
  validateApiKey,
  validateCallbackBaseUrl,
  validateEndpoint,
  validateListenAddress,
} from "../validation";
import { readSpendSettings, type SpendSettings } from "./spend-guard";

/** The provider-wide settings, from stack config (`jod:*`) or `JOD_*` environment variables. */
export interface ProviderSettings extends SpendSettings {
  apiKey?: string;
  endpoint: string;
  /** Public base URL of the callback listener; derived from the bound address when unset. */
  callbackUrl?: string;
  callbackListen: ListenAddress;
  /** When true, a plain `pulumi up` replaces deployments past their expiry. */
  renewExpired: boolean;
  /** The callback relay (`jod:callbackRelay` + `jod:relaySecret`); no listener is opened then. */
  relay?: RelaySettings;
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
  callbackRelay: { config: "jod:callbackRelay", env: "JOD_CALLBACK_RELAY" },
  relaySecret: { config: "jod:relaySecret", env: "JOD_RELAY_SECRET" },
  maxRecorderHours: { config: "jod:maxRecorderHours", env: "JOD_MAX_RECORDER_HOURS" },
  pricePerRecorderHour: { config: "jod:pricePerRecorderHour", env: "JOD_PRICE_PER_RECORDER_HOUR" },
} as const;

export const DEFAULT_CALLBACK_LISTEN = "127.0.0.1:0";

/** Reads settings by name from config or their environment fallback, collecting failures. */
export interface SettingsReader {
  /** Whether the setting is given at all, valid or not. */
  isSet(name: keyof typeof SETTING_KEYS): boolean;
  /** The value when it is given and valid; an invalid one is recorded as a failure. */
  valid(
    name: keyof typeof SETTING_KEYS,
    validate: (value: unknown) => string | undefined,
  ): string | undefined;
  /** Records a problem that involves the setting's config key. */
  fail(name: keyof typeof SETTING_KEYS, reason: string): void;
}

/**
 * Reads the settings. Invalid values fall back to defaults and are listed in `failures`, so
 * that `check` can name them while `read` and `delete` (which need no settings) still work.
 */
export function readProviderSettings(
  getConfig: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv,
): { settings: ProviderSettings; failures: SettingsFailure[] } {
  const failures: SettingsFailure[] = [];
  const find = (name: keyof typeof SETTING_KEYS) => {
    const { config, env: envName } = SETTING_KEYS[name];
    const fromConfig = getConfig(config);
    if (fromConfig !== undefined) return { value: fromConfig, source: config };
    return env[envName] ? { value: env[envName], source: envName } : undefined;
  };
  const reader: SettingsReader = {
    isSet: (name) => find(name) !== undefined,
    valid(name, validate) {
      const found = find(name);
      const reason = found && validate(found.value);
      if (reason) failures.push({ key: found.source, reason: `${found.source} ${reason}` });
      return found && !reason ? found.value : undefined;
    },
    fail: (name, reason) => failures.push({ key: SETTING_KEYS[name].config, reason }),
  };

  const apiKey = reader.valid("apiKey", validateApiKey);
  if (!reader.isSet("apiKey")) {
    reader.fail(
      "apiKey",
      "jod:apiKey is not set: run `pulumi config set --secret jod:apiKey <key>` with the key " +
        "from your JOD dashboard, or set JOD_API_KEY",
    );
  }
  const renew = reader.valid("renewExpired", (value) =>
    value === "true" || value === "false" ? undefined : 'must be "true" or "false"',
  );
  // Read in a fixed order: check lists the failures in it.
  const callbackUrl = reader.valid("callbackUrl", validateCallbackBaseUrl);
  const relay = readRelaySettings(reader);
  const endpoint = reader.valid("endpoint", validateEndpoint) ?? CLIENT_DEFAULTS.endpoint;
  const listen = reader.valid("callbackListen", validateListenAddress);
  const spend = readSpendSettings(reader);
  const settings: ProviderSettings = {
    apiKey,
    endpoint,
    callbackUrl,
    relay,
    callbackListen: parseListenAddress(listen ?? DEFAULT_CALLBACK_LISTEN),
    renewExpired: renew === "true",
    ...spend,
  };
  return { settings, failures };
}

/** Splits a validated `host:port`, `[ipv6]:port` or `:port` (all interfaces). */
export function parseListenAddress(address: string): ListenAddress {
  const separator = address.lastIndexOf(":");
  const host = address.slice(0, separator).replace(/^\[(.*)\]$/, "$1");
  return { host: host === "" ? "0.0.0.0" : host, port: Number(address.slice(separator + 1)) };
}

/**
 * Says why JOD could not call back, when that is certain before anything is paid: a JOD endpoint
 * off this machine asked to call a loopback URL (the default `http://127.0.0.1:<port>` when
 * `jod:callbackUrl` is unset). The deployment would be charged and then time out.
 */
export function unreachableCallbackReason(
  settings: ProviderSettings,
  callbackUrlInput: string | undefined,
): string | undefined {
  if (isLoopbackHost(new URL(settings.endpoint).hostname)) return undefined;
  if (settings.relay) return relayUnreachableReason(settings.relay, settings.endpoint);
  const base = callbackUrlInput ?? settings.callbackUrl;
  if (base !== undefined && !isLoopbackHost(new URL(base).hostname)) return undefined;
  const what =
    base === undefined
      ? "jod:callbackUrl is not set, so"
      : `the callback URL ${base} is on this machine only, so`;
  return (
    `${what} JOD at ${settings.endpoint} would be asked to call back an address it cannot ` +
    "reach, and the deployment would be paid for but never confirmed. Set jod:callbackUrl (or " +
    "the callbackUrl input) to a public URL that reaches the callback listener: a public host, " +
    "a forwarded port or a tunnel; or, where nothing can reach this machine, set " +
    "jod:callbackRelay to a relay on the Jitsi host (see the README, 'Where JOD calls back')"
  );
}

/** Set by tests only: makes the provider pretend another time, to test expiry without waiting. */
export const TEST_CLOCK_VARIABLE = "PULUMI_JOD_TEST_CLOCK";

/**
 * The provider's clock: the real time, unless {@link TEST_CLOCK_VARIABLE} holds an ISO 8601
 * time. Never for users: set during refresh it drops live, paid deployments from the stack.
 */
export function createClock(env: NodeJS.ProcessEnv): () => Date {
  const pretend = env[TEST_CLOCK_VARIABLE];
  if (!pretend) return () => new Date();
  // Strict: Date.parse alone would take "1" as the year 2001 in local time.
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
  const fixed = iso.test(pretend) ? Date.parse(pretend) : NaN;
  if (Number.isNaN(fixed)) {
    throw new Error(
      `${TEST_CLOCK_VARIABLE} must be an ISO 8601 time such as 2030-01-01T00:00:00Z, got "${pretend}"`,
    );
  }
  return () => new Date(fixed);
}

/** The warning every provider operation logs while the test clock is set; undefined otherwise. */
export function testClockWarning(env: NodeJS.ProcessEnv): string | undefined {
  const pretend = env[TEST_CLOCK_VARIABLE];
  if (!pretend) return undefined;
  return (
    `WARNING: ${TEST_CLOCK_VARIABLE} is set (${pretend}), so this provider pretends that time. ` +
    "It exists for pulumi-jod's own tests: with it, `pulumi refresh` can drop live, paid " +
    "deployments from the stack and `pulumi up` records wrong expiry times. Unset it."
  );
}
