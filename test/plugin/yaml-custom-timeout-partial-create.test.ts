import { useYamlStackOnEmulator } from "../helpers/yaml-plugin-stack";

// `customTimeouts.create` reaches the plugin as the CreateRequest's timeout and bounds the wait
// on JOD's callback; the accepted (paid) deployment is kept as a partial create.
const fixture = useYamlStackOnEmulator({
  callbackDelayMs: 60_000,
  resourceOptions: ["customTimeouts:", "  create: 10s"],
});

test("a callback slower than customTimeouts.create ends the create at about 10 s, kept in state", async () => {
  const { stack, emulator } = fixture;
  const up = await stack.run(["up", "--yes", "--skip-preview"]);

  expect(up.code).not.toBe(0);
  expect(up.elapsedMs).toBeGreaterThanOrEqual(10_000);
  expect(up.elapsedMs).toBeLessThan(25_000);
  expect(up.stdout).toMatch(/did not call back within 10 s/);
  expect(emulator.deployments()).toHaveLength(1);

  const resources = await stack.resources();
  const kept = resources.find((resource) => resource.type === "jod:index:RecorderDeployment");
  expect(kept?.outputs).toMatchObject({
    deploymentId: emulator.deployments()[0].deploymentId,
    status: "awaiting-callback",
  });
  // State keeps the declared input (none), not the bounded wait.
  expect(kept?.outputs).not.toHaveProperty("timeoutSeconds");

  // The next up keeps it and buys nothing.
  await stack.ok(["up", "--yes", "--skip-preview"]);
  expect(emulator.deployments()).toHaveLength(1);
}, 120_000);
