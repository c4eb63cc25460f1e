import {
  expectBoolean,
  expectNonEmptyString,
  expectNonNegativeInteger,
  expectNonNegativeNumber,
  expectObject,
  InvalidInputError,
} from "./input-validation";
import { isJodLocation, JOD_LOCATIONS, type JodLocation } from "./locations";

/**
 * A JOD customer account: its secret API key, its balance, and the Jitsi domains whose
 * configuration is complete (deploying for any other domain answers 406).
 *
 * @example
 * ```ts
 * const account: EmulatorAccount = {
 *   apiKey: "JOD-7c2dedb0-787c-4233-a67e-eb9167b62037",
 *   balance: 20,
 *   domains: ["meet.example.com"],
 * };
 * ```
 */
export interface EmulatorAccount {
  apiKey: string;
  balance: number;
  domains: string[];
}

/**
 * How to start the emulator. Every field is optional.
 *
 * @example
 * ```ts
 * const options: EmulatorOptions = {
 *   accounts: [{ apiKey: "JOD-test-key-0001", balance: 10, domains: ["meet.example.com"] }],
 *   capacity: { lon: 4 },
 *   callbackDelayMs: 50,
 * };
 * ```
 */
export interface EmulatorOptions {
  /** Interface to listen on. Default `"127.0.0.1"`. */
  host?: string;
  /** Port to listen on. Default `0`: an ephemeral port, see `RunningEmulator.url`. */
  port?: number;
  /** Accounts known at start. Default: none, so every key answers 401. */
  accounts?: EmulatorAccount[];
  /** Price of one recorder for one hour. Default `0.1`. */
  pricePerRecorderHour?: number;
  /** Recorders available per location, default 50 each. Deployments never expire. */
  capacity?: Partial<Record<string, number>>;
  /** Delay before the callback is POSTed. Default 200 ms. */
  callbackDelayMs?: number;
  /** Allow callback URLs that are not loopback. Default `false`: such requests answer 400. */
  allowRemoteCallbacks?: boolean;
  /** Receives one line per request and per callback. API keys appear only as fingerprints. */
  log?: (line: string) => void;
}

/**
 * Options with every default filled in and every value checked.
 *
 * @example
 * ```ts
 * const resolved: ResolvedEmulatorOptions = resolveEmulatorOptions({});
 * resolved.capacity.lon; // 50
 * ```
 */
export interface ResolvedEmulatorOptions {
  host: string;
  port: number;
  accounts: EmulatorAccount[];
  pricePerRecorderHour: number;
  capacity: Record<JodLocation, number>;
  callbackDelayMs: number;
  allowRemoteCallbacks: boolean;
  log: (line: string) => void;
}

/**
 * Recorders available in a location unless `capacity` says otherwise.
 *
 * @example
 * ```ts
 * resolveEmulatorOptions({}).capacity.sfo === DEFAULT_CAPACITY_PER_LOCATION; // true
 * ```
 */
export const DEFAULT_CAPACITY_PER_LOCATION = 50;

const OPTION_NAMES = [
  "host",
  "port",
  "accounts",
  "pricePerRecorderHour",
  "capacity",
  "callbackDelayMs",
  "allowRemoteCallbacks",
  "log",
];
const ACCOUNT_FIELDS = ["apiKey", "balance", "domains"];
const MAX_PORT = 65535;

/**
 * Checks an account given as untrusted input (options, config file, admin API) and returns a
 * fresh copy, so later changes to the input do not reach the emulator.
 *
 * @example
 * ```ts
 * parseEmulatorAccount({ apiKey: "JOD-1", balance: 5, domains: ["meet.example.com"] });
 * ```
 */
export function parseEmulatorAccount(value: unknown): EmulatorAccount {
  const fields = expectObject(value, "account", ACCOUNT_FIELDS);
  const apiKey = expectNonEmptyString(fields.apiKey, "account apiKey");
  const balance = expectNonNegativeNumber(fields.balance, "account balance");
  const domains = fields.domains;
  if (!Array.isArray(domains)) {
    throw new InvalidInputError("account domains must be an array of strings");
  }
  return {
    apiKey,
    balance,
    domains: domains.map((domain) => expectNonEmptyString(domain, "account domain")),
  };
}

/**
 * Fills in defaults and checks every option, throwing `InvalidInputError` on the first
 * problem (unknown option names included, to catch typos in config files).
 *
 * @example
 * ```ts
 * const resolved = resolveEmulatorOptions({ capacity: { ams: 2 } });
 * resolved.capacity.ams; // 2
 * ```
 */
export function resolveEmulatorOptions(options: EmulatorOptions = {}): ResolvedEmulatorOptions {
  const given = expectObject(options, "emulator options", OPTION_NAMES);
  const log = given.log ?? (() => undefined);
  if (typeof log !== "function") {
    throw new InvalidInputError("log must be a function");
  }
  const accounts = given.accounts ?? [];
  if (!Array.isArray(accounts)) {
    throw new InvalidInputError("accounts must be an array");
  }
  return {
    host: given.host === undefined ? "127.0.0.1" : expectNonEmptyString(given.host, "host"),
    port: given.port === undefined ? 0 : expectNonNegativeInteger(given.port, "port", MAX_PORT),
    accounts: accounts.map(parseEmulatorAccount),
    pricePerRecorderHour:
      given.pricePerRecorderHour === undefined
        ? 0.1
        : expectNonNegativeNumber(given.pricePerRecorderHour, "pricePerRecorderHour"),
    capacity: resolveCapacity(given.capacity),
    callbackDelayMs:
      given.callbackDelayMs === undefined
        ? 200
        : expectNonNegativeInteger(given.callbackDelayMs, "callbackDelayMs"),
    allowRemoteCallbacks:
      given.allowRemoteCallbacks === undefined
        ? false
        : expectBoolean(given.allowRemoteCallbacks, "allowRemoteCallbacks"),
    log: log as (line: string) => void,
  };
}

function resolveCapacity(value: unknown): Record<JodLocation, number> {
  const capacity = Object.fromEntries(
    JOD_LOCATIONS.map((location) => [location, DEFAULT_CAPACITY_PER_LOCATION]),
  ) as Record<JodLocation, number>;
  if (value === undefined) return capacity;
  const given = expectObject(value, "capacity", JOD_LOCATIONS);
  for (const [location, recorders] of Object.entries(given)) {
    if (isJodLocation(location) && recorders !== undefined) {
      capacity[location] = expectNonNegativeInteger(recorders, `capacity.${location}`);
    }
  }
  return capacity;
}
