import type { RunningEmulator } from "../../emulator/src";
import { jodConfig, startTestEmulator } from "../helpers/jod-test-setup";
import {
  SwitchableDeploymentStack,
  BadCase,
  expectPreviewRefused,
  PreviewText,
  previewRounds,
} from "../helpers/reliability-deployment-stack";

jest.setTimeout(240_000);

const RECORDERS = "an integer from 1 to 10000";
const HOURS = "an integer number of hours from 1 to 8760";
const SECONDS = "an integer number of seconds from 1 to 86400";
const HOSTNAME = "a hostname such as meet.example.com";
const LOCATIONS = "nyc (New York, United States of America), lon (London";
const CALLBACK = "an absolute http:// or https:// URL";
const BASE_URL_PARTS = "without user name, password, query or fragment";
const ENDPOINT = "must be an https:// URL such as https://api.jod.sh";
const IN_CLEAR = "pulumi config set jod:allowCallbackTokenInClear true";
const LISTEN = "must be host:port, [ipv6]:port or :port";
const API_KEY = "must be a non-empty string: the API key from the JOD dashboard";

const input = (property: string, value: unknown, allowed: string): BadCase => ({
  dimension: property,
  input: { property, value },
  expected: [`property ${property} value`, allowed],
});
const config = (key: string, value: string | null, allowed: string, secret = false): BadCase => ({
  dimension: key,
  config: { key, value: value === null ? null : { value, secret } },
  expected: [`has a problem: ${key}`, allowed],
});

const CASES: BadCase[] = [
  input("domain", "https://meet.example.com", HOSTNAME),
  input("domain", "meet", HOSTNAME),
  input("domain", 42, HOSTNAME),
  input("domain", undefined, HOSTNAME),
  input("domain", `${"a".repeat(64)}.example.com`, HOSTNAME),
  input("domain", "192.0.2.10", HOSTNAME),
  input("recorders", 0, RECORDERS),
  input("recorders", -1, RECORDERS),
  input("recorders", 2.5, RECORDERS),
  input("recorders", 1e12, RECORDERS),
  input("recorders", "2", RECORDERS),
  input("recorders", Number.NaN, RECORDERS),
  input("duration", 0, HOURS),
  input("duration", 8761, HOURS),
  input("duration", 1.5, HOURS),
  input("duration", true, HOURS),
  input("location", "paris", LOCATIONS),
  input("location", "LON", LOCATIONS),
  input("location", 7, LOCATIONS),
  input("callbackUrl", "ftp://example.com/cb", CALLBACK),
  input("callbackUrl", "/jod/callback", CALLBACK),
  input("callbackUrl", "https://user:pw@example.com", CALLBACK),
  input("callbackUrl", "https://hooks.example.com/jod?via=proxy", BASE_URL_PARTS),
  input("timeoutSeconds", 0, SECONDS),
  input("timeoutSeconds", -5, SECONDS),
  input("timeoutSeconds", 86_401, SECONDS),
  input("timeoutSeconds", "60", SECONDS),
  {
    dimension: "jod:apiKey",
    config: { key: "jod:apiKey", value: null },
    expected: ["has a problem: jod:apiKey is not set", "pulumi config set --secret jod:apiKey"],
  },
  config("jod:apiKey", "", API_KEY, true),
  config("jod:apiKey", "   ", API_KEY, true),
  config("jod:endpoint", "api.jod.sh", ENDPOINT),
  config("jod:endpoint", "ftp://api.jod.sh", ENDPOINT),
  config("jod:endpoint", "https://api.jod.sh/?x=1", ENDPOINT),
  // The API key would travel in clear: https, except on loopback (the emulator of every test).
  config("jod:endpoint", "http://api.example.com", "jod:endpoint must use https"),
  config("jod:callbackUrl", "not a url", CALLBACK),
  config("jod:callbackUrl", "ftp://example.com/jod", CALLBACK),
  config("jod:callbackUrl", "https://user:pw@example.com", BASE_URL_PARTS),
  config("jod:callbackUrl", "https://hooks.example.com/#jod", BASE_URL_PARTS),
  config("jod:callbackUrl", "http://hooks.example.com/jod", IN_CLEAR),
  config("jod:allowCallbackTokenInClear", "yes", 'must be "true" or "false"'),
  {
    // Checked once every input and setting is valid, as reachability is: it runs alone.
    dimension: "callbackUrl (in clear)",
    solo: true,
    input: { property: "callbackUrl", value: "http://hooks.example.com/jod" },
    expected: ["the callbackUrl input must use https", IN_CLEAR],
  },
  config("jod:callbackListen", "8080", LISTEN),
  config("jod:callbackListen", "127.0.0.1:70000", "with a port from 0 to 65535"),
  config("jod:callbackListen", "999.1.1.1:80", LISTEN),
  config("jod:renewExpired", "yes", 'must be "true" or "false"'),
  config("jod:maxRecorderHours", "0", 'or "none" to turn the ceiling off'),
  config("jod:maxRecorderHours", "lots", "must be a positive number of recorder-hours"),
  config("jod:pricePerRecorderHour", "-1", "must be a positive number, the price of one"),
  {
    // Read only while jod:callbackListen is unset: it shares that key's rounds.
    dimension: "jod:callbackListen",
    env: { JOD_CALLBACK_LISTEN: "localhost" },
    expected: ["has a problem: JOD_CALLBACK_LISTEN", LISTEN],
  },
  {
    // The program itself refuses this one, before any resource is checked: it runs alone.
    dimension: "jod:apiKey (program)",
    solo: true,
    config: { key: "jod:apiKey", value: { value: "JOD-plain-text-key-0001", secret: false } },
    expected: ["jod:apiKey is set in plain text", "pulumi config set --secret jod:apiKey"],
  },
];

describe("bad inputs and settings fail at preview, naming what is allowed, and send nothing", () => {
  let emulator: RunningEmulator;
  let deployment: SwitchableDeploymentStack;
  /** What each case's preview printed, and whether it failed. */
  let seen: Map<BadCase, PreviewText>;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    const base = jodConfig(emulator);
    // JOD_API_KEY may not stand in for a missing jod:apiKey; "" counts as unset.
    deployment = await SwitchableDeploymentStack.create(base, { JOD_API_KEY: "" });
    seen = await previewRounds(deployment, base, CASES);
  });
  afterAll(async () => {
    await deployment?.remove();
    await emulator?.close();
  });

  it("previews the valid inputs and settings without an error (the baseline)", async () => {
    deployment.declare("rec", {});
    expect(await deployment.previewText()).toMatchObject({ failed: false });
    expect(emulator.requests()).toHaveLength(0);
  });

  const shown = (c: BadCase) =>
    c.input ? String(c.input.value) : JSON.stringify(c.env ?? c.config?.value ?? "(removed)");

  it.each(CASES.map((c) => [c.dimension, shown(c), c] as const))(
    "%s = %s",
    (_dimension, _shown, badCase) => {
      expectPreviewRefused(seen.get(badCase), badCase);
      expect(emulator.requests()).toHaveLength(0);
    },
  );
});
