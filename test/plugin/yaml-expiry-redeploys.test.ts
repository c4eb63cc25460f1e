import { useYamlStackOnEmulator } from "../helpers/yaml-plugin-stack";

// Expiry through the plugin: with no status endpoint, `pulumi refresh` past a deployment's
// expiresAt drops it (its journal entry released), and the next `up` buys it again: the
// journal's "released" and "expired" rows post.
const fixture = useYamlStackOnEmulator();

test("refresh past expiresAt drops the deployment; the next up deploys again", async () => {
  const { stack, emulator } = fixture;
  await stack.ok(["up", "--yes", "--skip-preview"]);
  const { expiresAt } = (await stack.resources()).find(
    (r) => r.type === "jod:index:RecorderDeployment",
  )?.outputs as { expiresAt: string };

  const later = new Date(Date.parse(expiresAt) + 1000).toISOString();
  const refresh = await stack.ok(["refresh", "--yes", "--skip-preview"], {
    env: { PULUMI_JOD_TEST_CLOCK: later },
  });
  expect(refresh.stdout).toMatch(/1 deleted/);
  expect(
    (await stack.resources()).filter((r) => r.type === "jod:index:RecorderDeployment"),
  ).toHaveLength(0);

  await stack.ok(["up", "--yes", "--skip-preview"]);
  expect(emulator.deployments()).toHaveLength(2);
  expect((await stack.outputs()).deploymentId).toBe(emulator.deployments()[1].deploymentId);
}, 120_000);
