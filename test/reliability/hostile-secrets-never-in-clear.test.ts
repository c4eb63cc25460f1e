import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import { startTestEmulator, TEST_API_KEY } from "../helpers/jod-test-setup";
import { redisValues } from "../helpers/redis-commands";
import { useRelay } from "../helpers/relay-process";
import { emulatorConfig, YamlPluginStack } from "../helpers/yaml-plugin-stack";

jest.setTimeout(180_000);

/**
 * Where a secret could end up after a real plugin `pulumi up` (the YAML program, the engine,
 * the provider plugin): what the CLI printed, the state, the file journal, and the relay's
 * stored messages. None may hold the API key, the relay secret or a callback token, even with
 * the credentials set in plain text (the plugin keeps them encrypted all the same).
 */
const relay = useRelay();
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator?.close());

/** The token JOD was given: the last segment of the deployment's callback URL. */
function callbackTokenOf(deployment: { callbackUrl: string }): string {
  const token = new URL(deployment.callbackUrl).pathname.split("/").at(-1) ?? "";
  expect(token.length).toBeGreaterThanOrEqual(43);
  return token;
}

/** Every file under `dir`, as text. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), "utf8"));
}

function expectNoneContains(places: Record<string, string>, secrets: Record<string, string>) {
  for (const [where, text] of Object.entries(places)) {
    for (const [what, secret] of Object.entries(secrets)) {
      expect({ where, what, found: text.includes(secret) }).toEqual({ where, what, found: false });
    }
  }
}

beforeEach(() => emulator.reset());

test("direct listener: the API key (plain text) and the token are in no output, state or journal file", async () => {
  const base = emulatorConfig(emulator);
  const stack = await YamlPluginStack.create({
    config: { ...base.config, "jod:apiKey": TEST_API_KEY },
  });
  try {
    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    expect((await stack.outputs()).status).toBe("ready");
    const [deployment] = emulator.deployments();
    const journalDir = process.env.PULUMI_JOD_JOURNAL_DIR as string;
    const journal = filesUnder(journalDir).join("\n");
    // Not vacuous: the journal recorded this deployment.
    expect(journal).toContain(deployment.deploymentId);
    const state = await stack.exportText();
    expect(JSON.parse(state).deployment.resources).toContainEqual(
      expect.objectContaining({
        type: "pulumi:providers:jod",
        outputs: expect.objectContaining({
          apiKey: expect.objectContaining({ ciphertext: expect.any(String) }),
        }),
      }),
    );
    expectNoneContains(
      { "up output": up.stdout + up.stderr, state, journal },
      { "API key": TEST_API_KEY, "callback token": callbackTokenOf(deployment) },
    );
  } finally {
    await stack.remove();
  }
});

test("relay: the relay secret (plain text), the API key and the token are in no output, state or stored message", async () => {
  const base = emulatorConfig(emulator);
  const stack = await YamlPluginStack.create({
    config: {
      ...base.config,
      "jod:callbackRelay": relay.baseUrl,
      // In plain text on purpose: the plugin keeps it encrypted in state all the same.
      "jod:relaySecret": relay.secret,
    },
    secrets: base.secrets,
  });
  try {
    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    expect((await stack.outputs()).status).toBe("ready");
    const [deployment] = emulator.deployments();
    const state = await stack.exportText();
    const provider = (
      JSON.parse(state) as {
        deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] };
      }
    ).deployment.resources.find((resource) => resource.type === "pulumi:providers:jod");
    expect(provider?.outputs?.relaySecret).toHaveProperty("ciphertext");
    const stored = await redisValues(relay.redisUrl as string);
    // Not vacuous: the relay holds this deployment's callback and journal entries.
    expect(
      stored.filter((value) => value.includes(deployment.deploymentId)).length,
    ).toBeGreaterThan(1);
    expectNoneContains(
      { "up output": up.stdout + up.stderr, state, "relay's stored messages": stored.join("\n") },
      {
        "relay secret": relay.secret,
        "API key": TEST_API_KEY,
        "callback token": callbackTokenOf(deployment),
      },
    );
  } finally {
    await stack.remove();
  }
});
