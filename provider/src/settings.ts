import type { ListenAddress } from "./callbacks/callback-listener";
import { CLIENT_DEFAULTS } from "./client/jod-client";
import { hasRelayPath } from "./relay-http";
import {
  describeValue,
  isLoopbackHost,
  isPlainHttpOffMachine,
  validateApiKey,
  validateCallbackBaseUrl,
  validateEndpoint,
  validateListenAddress,
} from "./validation";

// Every provider setting in one place: its config key, its environment fallback, how it is
// checked and read, and its default. The provider, the relay and the spend guard read theirs
// from here; nothing here depends on them.

/**
 * The default `jod:maxRecorderHours`. JOD's own example (28 recorders for 3 hours) is 84
 * recorder-hours, so a few such events fit in one update, while a tenfold typo in either number
 * (280 recorders, or 30 h) makes 840 and is refused.
 */
export const DEFAULT_MAX_RECORDER_HOURS = 500;

/** A positive decimal number as config gives it, e.g. "500" or "0.35" (no exponent, no sign). */
const POSITIVE_DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

function positiveNumber(value: unknown): number | undefined {
  if (typeof value !== "string" || !POSITIVE_DECIMAL.test(value.trim())) return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : undefined;
}

/** `jod:maxRecorderHours`: a positive number of recorder-hours, or `none`. */
function validateMaxRecorderHours(value: unknown): string | undefined {
  if (value === "none" || positiveNumber(value) !== undefined) return undefined;
  return (
    "must be a positive number of recorder-hours (recorders × hours) that one preview or " +
    `update may buy, such as 500, or "none" to turn the ceiling off; got ${describeValue(value)}`
  );
}

/** `jod:pricePerRecorderHour`: a positive number in the account's currency. */
function validatePricePerRecorderHour(value: unknown): string | undefined {
  if (positiveNumber(value) !== undefined) return undefined;
  return (
    "must be a positive number, the price of one recorder-hour in the account's currency " +
    `(such as 0.5), used for cost estimates; got ${describeValue(value)}`
  );
}

/** `, estimated cost 6.00 at 0.5 per recorder-hour`, or nothing without a price. */
export function estimatedCost(recorderHours: number, pricePerRecorderHour?: number): string {
  if (pricePerRecorderHour === undefined) return "";
  const cost = (recorderHours * pricePerRecorderHour).toFixed(2);
  return `, estimated cost ${cost} at ${pricePerRecorderHour} per recorder-hour`;
}

/** Where the relay is and how the provider proves it may read from it. */
export interface RelaySettings {
  /** `jod:callbackRelay`: the relay's public base URL, e.g. `https://meet.example.com/jod-relay`. */
  baseUrl: string;
  /** `jod:relaySecret`: 64 hex characters, sent only in the Authorization header. */
  secret: string;
}

/** The relay's public base URL: JOD must reach it, so https unless it is on this machine. */
function validateCallbackRelay(value: unknown): string | undefined {
  const allowed =
    "the relay's public base URL, https://<jitsi host>/jod-relay (http only on loopback)";
  if (validateCallbackBaseUrl(value) !== undefined) return `must be ${allowed}`;
  const url = new URL(value as string);
  if (isPlainHttpOffMachine(url.href)) {
    return `must use https (it carries the relay secret): ${allowed}`;
  }
  if (!hasRelayPath(url)) {
    return `must end with the relay's path prefix, as in ${url.origin}/jod-relay: ${allowed}`;
  }
  return undefined;
}

/** The relay secret, as `openssl rand -hex 32` makes it; never echoed back. */
function validateRelaySecret(value: unknown): string | undefined {
  return typeof value === "string" && /^[0-9a-f]{64}$/.test(value)
    ? undefined
    : "must be 64 lowercase hex characters, as `openssl rand -hex 32` prints (the value is not shown)";
}

/** What the spend guard reads: `jod:maxRecorderHours` and `jod:pricePerRecorderHour`. */
export interface SpendSettings {
  maxRecorderHours: number | "none";
  pricePerRecorderHour?: number;
}

/** The provider-wide settings, from stack config (`jod:*`) or `JOD_*` environment variables. */
export interface ProviderSettings extends SpendSettings {
  apiKey?: string;
  endpoint: string;
  /** Public base URL of the callback listener; derived from the bound address when unset. */
  callbackUrl?: string;
  callbackListen: ListenAddress;
  /** When true, a plain `pulumi up` replaces deployments past their expiry. */
  renewExpired: boolean;
  /**
   * `jod:allowCallbackTokenInClear`: when true, a plain `http://` callback URL to a host off
   * this machine is allowed, although anyone on the path can read its token and forge the
   * callback (and with it the recorder addresses).
   */
  allowCallbackTokenInClear: boolean;
  /** The callback relay (`jod:callbackRelay` + `jod:relaySecret`); no listener is opened then. */
  relay?: RelaySettings;
}

/** A problem with one config key, reported by `check` so that preview fails early. */
export interface SettingsFailure {
  key: string;
  reason: string;
}

/** A validator: undefined when the value is valid, otherwise what is allowed ("must be ..."). */
type Validate = (value: unknown) => string | undefined;

const validateBoolean: Validate = (value) =>
  value === "true" || value === "false" ? undefined : 'must be "true" or "false"';

/** A setting's check, keyed by its name: `jod:<name>` in config, `JOD_<NAME>` in the environment. */
const VALIDATORS = {
  apiKey: validateApiKey,
  renewExpired: validateBoolean,
  callbackUrl: validateCallbackBaseUrl,
  allowCallbackTokenInClear: validateBoolean,
  callbackRelay: validateCallbackRelay,
  relaySecret: validateRelaySecret,
  endpoint: validateEndpoint,
  callbackListen: validateListenAddress,
  maxRecorderHours: validateMaxRecorderHours,
  pricePerRecorderHour: validatePricePerRecorderHour,
} satisfies Record<string, Validate>;

type SettingName = keyof typeof VALIDATORS;

/**
 * Every setting the provider reads: its config key, its environment fallback and its check
 * (`maxRecorderHours`: `jod:maxRecorderHours`, `JOD_MAX_RECORDER_HOURS`). Defaults and parsing
 * are in {@link readProviderSettings}, in this table's order.
 */
export const SETTING_KEYS = Object.fromEntries(
  Object.entries(VALIDATORS).map(([name, validate]) => [
    name,
    {
      config: `jod:${name}`,
      env: `JOD_${name.replace(/[A-Z]/g, (capital) => `_${capital}`).toUpperCase()}`,
      validate,
    },
  ]),
) as Record<SettingName, { config: string; env: string; validate: Validate }>;

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
  /** The settings given at all, valid or not; the valid values. */
  const given = new Set<SettingName>();
  const valid: Partial<Record<SettingName, string>> = {};
  // In the table's order, which check lists the failures in; the checks across keys follow.
  for (const [name, { config, env: envName, validate }] of Object.entries(SETTING_KEYS)) {
    const fromConfig = getConfig(config);
    const source = fromConfig !== undefined ? config : env[envName] ? envName : undefined;
    if (source === undefined) continue;
    const value = fromConfig ?? env[envName];
    const reason = validate(value);
    given.add(name as SettingName);
    if (reason) failures.push({ key: source, reason: `${source} ${reason}` });
    else valid[name as SettingName] = value;
  }
  /** Records a problem that involves the setting's config key. */
  const fail = (name: SettingName, reason: string) =>
    failures.push({ key: SETTING_KEYS[name].config, reason });

  if (!given.has("apiKey")) {
    fail(
      "apiKey",
      "jod:apiKey is not set: run `pulumi config set --secret jod:apiKey <key>` with the key " +
        "from your JOD dashboard, or set JOD_API_KEY",
    );
  }
  // The relay when both keys are valid; one without a secret, or beside jod:callbackUrl, fails.
  const { callbackRelay, relaySecret } = valid;
  if (callbackRelay !== undefined && !given.has("relaySecret")) {
    fail(
      "relaySecret",
      "jod:callbackRelay is set but jod:relaySecret is not: run `pulumi config set --secret " +
        "jod:relaySecret <secret>` with the secret the relay was set up with, or set JOD_RELAY_SECRET",
    );
  }
  if (given.has("callbackRelay") && given.has("callbackUrl")) {
    fail(
      "callbackUrl",
      "jod:callbackUrl and jod:callbackRelay are both set: JOD calls back either the relay or " +
        "the direct listener. Remove one (`pulumi config rm jod:callbackUrl`)",
    );
  }
  const allowCallbackTokenInClear = valid.allowCallbackTokenInClear === "true";
  const cleartext =
    valid.callbackUrl === undefined
      ? undefined
      : cleartextCallbackReason(valid.callbackUrl, "jod:callbackUrl", allowCallbackTokenInClear);
  if (cleartext) fail("callbackUrl", cleartext);
  const ceiling = valid.maxRecorderHours;
  const settings: ProviderSettings = {
    apiKey: valid.apiKey,
    endpoint: valid.endpoint ?? CLIENT_DEFAULTS.endpoint,
    callbackUrl: valid.callbackUrl,
    relay:
      callbackRelay && relaySecret
        ? { baseUrl: callbackRelay.replace(/\/+$/, ""), secret: relaySecret }
        : undefined,
    callbackListen: parseListenAddress(valid.callbackListen ?? DEFAULT_CALLBACK_LISTEN),
    renewExpired: valid.renewExpired === "true",
    allowCallbackTokenInClear,
    maxRecorderHours:
      ceiling === "none" ? "none" : (positiveNumber(ceiling) ?? DEFAULT_MAX_RECORDER_HOURS),
    pricePerRecorderHour: positiveNumber(valid.pricePerRecorderHour),
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
 * Why a callback base URL must not be used: plain `http://` to a host off this machine sends
 * the callback token in clear, so anyone on the path can read it and forge the callback
 * (whose recorder addresses feed firewall rules). Undefined when it is https, on loopback, or
 * `jod:allowCallbackTokenInClear` accepts the risk. `source` names the key or property.
 */
function cleartextCallbackReason(
  baseUrl: string,
  source: string,
  allowed: boolean,
): string | undefined {
  if (allowed || !isPlainHttpOffMachine(baseUrl)) return undefined;
  return (
    `${source} must use https: a plain http:// callback URL to a host off this machine sends ` +
    "the callback token in clear, and anyone on the path could read it and forge JOD's " +
    "callback, recorder addresses included. Use an https:// URL (a TLS-terminating proxy or " +
    "tunnel in front of the listener, see the README, 'Exposing the callback listener'), or " +
    "accept that risk explicitly with `pulumi config set jod:allowCallbackTokenInClear true`"
  );
}

/**
 * Says why JOD could not call back, or must not, when that is certain before anything is paid:
 * a `callbackUrl` input over plain http to a host off this machine (see
 * {@link cleartextCallbackReason}), or a JOD endpoint off this machine asked to call a loopback
 * URL (the relay's, or the default `http://127.0.0.1:<port>` when `jod:callbackUrl` is unset),
 * which would be charged and then time out.
 */
export function unreachableCallbackReason(
  settings: ProviderSettings,
  callbackUrlInput: string | undefined,
): string | undefined {
  const { endpoint, relay } = settings;
  const cleartext =
    callbackUrlInput === undefined || relay
      ? undefined
      : cleartextCallbackReason(
          callbackUrlInput,
          "the callbackUrl input",
          settings.allowCallbackTokenInClear,
        );
  if (cleartext) return cleartext;
  if (isLoopbackHost(new URL(endpoint).hostname)) return undefined;
  const base = relay ? relay.baseUrl : (callbackUrlInput ?? settings.callbackUrl);
  if (base !== undefined && !isLoopbackHost(new URL(base).hostname)) return undefined;
  const what = relay
    ? `jod:callbackRelay ${base} is on this machine only`
    : base === undefined
      ? "jod:callbackUrl is not set"
      : `the callback URL ${base} is on this machine only`;
  const fix = relay
    ? "Set jod:callbackRelay to the relay's public URL on the Jitsi host, such as " +
      "https://meet.example.com/jod-relay"
    : "Set jod:callbackUrl (or the callbackUrl input) to a public URL that reaches the callback " +
      "listener: a public host, a forwarded port or a tunnel; or, where nothing can reach this " +
      "machine, set jod:callbackRelay to a relay on the Jitsi host (see the README, 'Where JOD " +
      "calls back')";
  return (
    `${what}, so JOD at ${endpoint} would be asked to call back an address it cannot reach, and ` +
    `the deployment would be paid for but never confirmed. ${fix}`
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
