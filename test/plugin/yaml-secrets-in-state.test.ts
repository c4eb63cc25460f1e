import { TEST_API_KEY } from "../helpers/jod-test-setup";
import { useRelay } from "../helpers/relay-process";
import { emulatorConfig, YamlPluginStack } from "../helpers/yaml-plugin-stack";
import { startTestEmulator } from "../helpers/jod-test-setup";
import type { RunningEmulator } from "../../emulator/src";

// The schema marks jod:apiKey, jod:relaySecret and the output callbackNonce secret: the state
// holds them encrypted only, even when the key is set in plain text.
const relay = useRelay();
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator?.close());

test("stack export holds no API key, relay secret or callback nonce in plain text", async () => {
  const base = emulatorConfig(emulator);
  const stack = await YamlPluginStack.create({
    // In plain text on purpose: CheckConfig keeps the credentials encrypted all the same.
    config: { ...base.config, "jod:apiKey": TEST_API_KEY, "jod:callbackRelay": relay.baseUrl },
    secrets: { "jod:relaySecret": relay.secret },
  });
  try {
    await stack.ok(["up", "--yes", "--skip-preview"]);
    const exported = await stack.exportText();
    const state = JSON.parse(exported) as {
      deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] };
    };
    const deployment = state.deployment.resources.find(
      (resource) => resource.type === "jod:index:RecorderDeployment",
    );
    expect(deployment?.outputs?.status).toBe("ready");
    // The nonce is there (relay mode), as ciphertext.
    expect(deployment?.outputs?.callbackNonce).toHaveProperty("ciphertext");
    const provider = state.deployment.resources.find((r) => r.type === "pulumi:providers:jod");
    expect(provider?.outputs?.apiKey).toHaveProperty("ciphertext");
    expect(provider?.outputs?.relaySecret).toHaveProperty("ciphertext");

    expect(exported).not.toContain(TEST_API_KEY);
    expect(exported).not.toContain(relay.secret);
    const { stdout } = await stack.ok(["stack", "export", "--show-secrets"]);
    const shown = (JSON.parse(stdout) as typeof state).deployment.resources.find(
      (resource) => resource.type === "jod:index:RecorderDeployment",
    )?.outputs?.callbackNonce as { plaintext: string };
    const nonce = JSON.parse(shown.plaintext) as string;
    expect(nonce).toMatch(/\S{16,}/);
    expect(exported).not.toContain(nonce);
  } finally {
    await stack.remove();
  }
}, 120_000);
