import { useYamlStackOnEmulator } from "../helpers/yaml-plugin-stack";

// Read and Delete through the engine: JOD has no status endpoint, so refresh keeps what state
// has, and destroy only forgets the deployment (its recorders run until they expire).
const fixture = useYamlStackOnEmulator();

test("refresh keeps the ready deployment unchanged; destroy removes it from the stack", async () => {
  const { stack, emulator } = fixture;
  await stack.ok(["up", "--yes", "--skip-preview"]);
  const before = await stack.outputs();

  const refresh = await stack.ok(["refresh", "--yes", "--skip-preview"]);
  expect(refresh.stdout).toMatch(/2 unchanged/);
  expect(await stack.outputs()).toEqual(before);
  await stack.ok(["preview", "--expect-no-changes"]);

  const destroy = await stack.ok(["destroy", "--yes", "--skip-preview"]);
  expect(destroy.stdout).toContain(`removed deployment ${before.deploymentId as string}`);
  expect(destroy.stdout).toMatch(/2 deleted/);
  expect(await stack.resources()).toHaveLength(0);
  expect(emulator.deployments()).toHaveLength(1);
}, 120_000);
