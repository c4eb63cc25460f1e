import { isIP } from "node:net";
import type { ListenAddress } from "../callbacks/callback-listener";
import { CLIENT_DEFAULTS } from "../client/jod-client";
import type { RelaySettings } from "../relay";
import {
  validateApiKey,
  validateCallbackBaseUrl,
  validateEndpoint,
  validateListenAddress,
} from "../validation";
import {
  parseMaxRecorderHours,
  parsePricePerRecorderHour,
  validateMaxRecorderHours,
  validatePricePerRecorderHour,
} from "./spend-guard";

/** The provider-wide settings, from stack config (`jod:*`) or `JOD_*` environment variables. */
export interface ProviderSettings {
  apiKey?: string;
  endpoint: string;
  /** Public base URL of the callback listener; derived from the bound address when unset. */
  callbackUrl?: string;
  callbackListen: ListenAddress;
  /** When true, a plain `pulumi up` replaces deployments past their expiry. */
  renewExpired: boolean;
  /** The callback relay (`jod:callbackRelay` + `jod:relaySecret`); no listener is opened then. */
  relay?: RelaySettings;
  /** The recorder-hours one preview or update may buy (see `spend-guard.ts`), or `none`. */
  maxRecorderHours: number | "none";
  /** The account's price per recorder-hour, for cost estimates; unset when unknown. */
  pricePerRecorderHour?: number;
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

/**
 * Reads the settings. Invalid values fall back to defaults and are listed in `failures`, so
 * that `check` can name them while `read` and `delete` (which need no settings) still work.
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
  const callbackUrl = checked("callbackUrl", validateCallbackBaseUrl);
  const relayUrl = checked("callbackRelay", validateCallbackRelay);
  const relaySecret = checked("relaySecret", validateRelaySecret);
  if (relayUrl !== undefined && relaySecret === undefined && !read("relaySecret")) {
    failures.push({
      key: SETTING_KEYS.relaySecret.config,
      reason:
        "jod:callbackRelay is set but jod:relaySecret is not: run `pulumi config set --secret " +
        "jod:relaySecret <secret>` with the secret the relay was set up with, or set JOD_RELAY_SECRET",
    });
  }
  if (read("callbackRelay") && read("callbackUrl")) {
    failures.push({
      key: SETTING_KEYS.callbackUrl.config,
      reason:
        "jod:callbackUrl and jod:callbackRelay are both set: JOD calls back either the relay or " +
        "the direct listener. Remove one (`pulumi config rm jod:callbackUrl`)",
    });
  }
  return {
    settings: {
      apiKey,
      endpoint: checked("endpoint", validateEndpoint) ?? CLIENT_DEFAULTS.endpoint,
      callbackUrl,
      relay:
        relayUrl !== undefined && relaySecret !== undefined
          ? { baseUrl: relayUrl.replace(/\/+$/, ""), secret: relaySecret }
          : undefined,
      callbackListen: parseListenAddress(
        checked("callbackListen", validateListenAddress) ?? DEFAULT_CALLBACK_LISTEN,
      ),
      renewExpired: renew === "true",
      maxRecorderHours: parseMaxRecorderHours(
        checked("maxRecorderHours", validateMaxRecorderHours),
      ),
      pricePerRecorderHour: parsePricePerRecorderHour(
        checked("pricePerRecorderHour", validatePricePerRecorderHour),
      ),
    },
    failures,
  };
}

/** The relay's public base URL: JOD must reach it, so https unless it is on this machine. */
function validateCallbackRelay(value: unknown): string | undefined {
  const allowed =
    "the relay's public base URL, https://<jitsi host>/jod-relay (http only on loopback)";
  const reason = validateCallbackBaseUrl(value);
  if (reason !== undefined) return `must be ${allowed}`;
  const url = new URL(value as string);
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    return `must use https (it carries the relay secret): ${allowed}`;
  }
  return undefined;
}

/** The relay secret, as `openssl rand -hex 32` makes it; never echoed back. */
function validateRelaySecret(value: unknown): string | undefined {
  return typeof value === "string" && /^[0-9a-f]{64}$/.test(value)
    ? undefined
    : "must be 64 lowercase hex characters, as `openssl rand -hex 32` prints (the value is not shown)";
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
  const endpointHost = new URL(settings.endpoint).hostname;
  if (isLoopback(endpointHost)) return undefined;
  if (settings.relay) {
    if (!isLoopback(new URL(settings.relay.baseUrl).hostname)) return undefined;
    return (
      `jod:callbackRelay ${settings.relay.baseUrl} is on this machine only, so JOD at ` +
      `${settings.endpoint} could never post its callback there, and the deployment would be ` +
      "paid for but never confirmed. Set jod:callbackRelay to the relay's public URL on the " +
      "Jitsi host, such as https://meet.example.com/jod-relay"
    );
  }
  const base = callbackUrlInput ?? settings.callbackUrl;
  if (base !== undefined && !isLoopback(new URL(base).hostname)) return undefined;
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

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.") || host === "0.0.0.0";
  return host === "::1" || host === "::";
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
