import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { describeError } from "./error-message";
import { isJodLocation, JOD_LOCATIONS } from "./locations";
import type { EmulatorAccount, EmulatorOptions } from "./options";

/**
 * The `--help` text.
 *
 * @example
 * ```ts
 * process.stdout.write(CLI_USAGE);
 * ```
 */
export const CLI_USAGE = `Usage: jod-emulator [options]

A local Jibris On Demand (JOD) API emulator: POST /deploy-recorder, plus a test-only
admin API under /__admin. Prints "jod-emulator listening on http://HOST:PORT" first.

Options:
  --host HOST                 interface to listen on (default 127.0.0.1)
  --port N                    port to listen on (default 0: any free port)
  --config FILE               JSON file with emulator options (flags below override it)
  --account KEY:BALANCE[:D1,D2]
                              an account and its configured domains (repeatable)
  --price N                   price per recorder-hour (default 0.1)
  --capacity LOC=N            recorders available in a location (repeatable, default 50)
                              locations: ${JOD_LOCATIONS.join(", ")}
  --callback-delay-ms N       delay before callbacks are sent (default 200)
  --allow-remote-callbacks    allow callback URLs that are not loopback
  --quiet                     do not log requests and callbacks
  --help                      show this help

API keys given with --account are visible to other local users in the process list;
put them in a --config file to avoid that.
`;

/**
 * What the command line asks for.
 *
 * @example
 * ```ts
 * const command: CliCommand = parseCliArgs(["--port", "8080"]);
 * ```
 */
export type CliCommand =
  | { kind: "help" }
  | { kind: "start"; options: EmulatorOptions; quiet: boolean };

/**
 * A command line the CLI cannot run; it exits with status 2.
 *
 * @example
 * ```ts
 * try { parseCliArgs(["--bogus"]); } catch (error) { error instanceof CliUsageError; } // true
 * ```
 */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

const FLAGS = {
  host: { type: "string" },
  port: { type: "string" },
  config: { type: "string" },
  account: { type: "string", multiple: true },
  price: { type: "string" },
  capacity: { type: "string", multiple: true },
  "callback-delay-ms": { type: "string" },
  "allow-remote-callbacks": { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean" },
} as const;

/**
 * Turns command-line arguments into emulator options. Flags override the `--config` file;
 * `--account` and `--capacity` entries are merged into the file's (same key or location:
 * the flag wins). Option values are range-checked later, by `startEmulator`.
 *
 * @example
 * ```ts
 * parseCliArgs(["--account", "JOD-1:10:meet.example.com", "--capacity", "lon=2"]);
 * // { kind: "start", quiet: false, options: { accounts: [...], capacity: { lon: 2 } } }
 * ```
 */
export function parseCliArgs(
  argv: string[],
  readConfig: (path: string) => string = (path) => readFileSync(path, "utf8"),
): CliCommand {
  let values: ReturnType<typeof parseFlags>;
  try {
    values = parseFlags(argv);
  } catch (error) {
    throw new CliUsageError(describeError(error));
  }
  if (values.help) return { kind: "help" };

  const options: EmulatorOptions = values.config ? loadConfig(values.config, readConfig) : {};
  if (values.host !== undefined) options.host = values.host;
  if (values.port !== undefined) options.port = parseInteger("--port", values.port);
  if (values.price !== undefined)
    options.pricePerRecorderHour = parseNumber("--price", values.price);
  if (values["callback-delay-ms"] !== undefined) {
    options.callbackDelayMs = parseInteger("--callback-delay-ms", values["callback-delay-ms"]);
  }
  if (values["allow-remote-callbacks"]) options.allowRemoteCallbacks = true;
  if (values.account) {
    const accounts = new Map((options.accounts ?? []).map((account) => [account.apiKey, account]));
    for (const spec of values.account) {
      const account = parseAccountSpec(spec);
      accounts.set(account.apiKey, account);
    }
    options.accounts = [...accounts.values()];
  }
  if (values.capacity) {
    options.capacity = { ...options.capacity };
    for (const spec of values.capacity) {
      const [location, recorders] = parseCapacitySpec(spec);
      options.capacity[location] = recorders;
    }
  }
  return { kind: "start", options, quiet: values.quiet ?? false };
}

function parseFlags(argv: string[]) {
  return parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }).values;
}

function loadConfig(path: string, readConfig: (path: string) => string): EmulatorOptions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readConfig(path));
  } catch (error) {
    throw new CliUsageError(`cannot read --config ${path}: ${describeError(error)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new CliUsageError(`--config ${path} must contain a JSON object of emulator options`);
  }
  // The shape of each option is checked by startEmulator, like any other options.
  return parsed as EmulatorOptions;
}

function parseAccountSpec(spec: string): EmulatorAccount {
  const parts = spec.split(":");
  const [apiKey, balanceText, domainList = ""] = parts;
  if (parts.length < 2 || parts.length > 3 || apiKey === "") {
    throw new CliUsageError(`--account must be KEY:BALANCE or KEY:BALANCE:domain1,domain2`);
  }
  const balance = parseNumber("--account balance", balanceText);
  const domains = domainList.split(",").filter((domain) => domain !== "");
  return { apiKey, balance, domains };
}

function parseCapacitySpec(spec: string): [string, number] {
  const match = /^([a-z]+)=(.*)$/.exec(spec);
  if (!match || !isJodLocation(match[1])) {
    throw new CliUsageError(
      `--capacity must be LOCATION=N with LOCATION one of ${JOD_LOCATIONS.join(", ")}`,
    );
  }
  return [match[1], parseInteger("--capacity", match[2])];
}

function parseInteger(flag: string, text: string): number {
  if (!/^[0-9]+$/.test(text))
    throw new CliUsageError(`${flag} must be a non-negative integer, got "${text}"`);
  return Number(text);
}

function parseNumber(flag: string, text: string): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text)) {
    throw new CliUsageError(`${flag} must be a non-negative number, got "${text}"`);
  }
  return Number(text);
}
