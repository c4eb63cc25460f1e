import { useRelay } from "../helpers/relay-process";
import { useYamlStackOnEmulator } from "../helpers/yaml-plugin-stack";

// Relay mode through the plugin: no listener is opened, JOD calls the relay, the plugin reads
// the callback from it.
const relay = useRelay();
const fixture = useYamlStackOnEmulator({
  config: () => ({ "jod:callbackRelay": relay.baseUrl }),
  secrets: () => ({ "jod:relaySecret": relay.secret }),
});

test("pulumi up through the relay is ready with every IP, and refresh keeps it", async () => {
  const { stack, emulator } = fixture;
  const up = await stack.ok(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).not.toContain("callback listener on");

  const outputs = await stack.outputs();
  expect(outputs.status).toBe("ready");
  expect(outputs.recorderIps).toEqual(
    emulator.deployments()[0].recorders.map((r) => r.recorder_ip),
  );
  expect(emulator.deployments()[0].callbackUrl).toContain(relay.baseUrl);

  await stack.ok(["refresh", "--yes", "--skip-preview"]);
  expect(await stack.outputs()).toEqual(outputs);
}, 120_000);
