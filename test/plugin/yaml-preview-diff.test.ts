import { useYamlStackOnEmulator } from "../helpers/yaml-plugin-stack";

// The plugin's Diff through the engine: a new count replaces the deployment (a new purchase),
// and `pulumi preview` says so without buying anything.
const fixture = useYamlStackOnEmulator();

test("preview of a changed count shows a replacement on recorders and buys nothing", async () => {
  const { stack, emulator } = fixture;
  await stack.ok(["up", "--yes", "--skip-preview"]);
  await stack.ok(["config", "set", "recorders", "3"]);

  const preview = await stack.ok(["preview", "--diff"]);
  expect(preview.stdout).toMatch(/\+-\s*jod:index:RecorderDeployment: \(replace\)/);
  expect(preview.stdout).toMatch(/~ recorders\s*: 2 => 3/);
  expect(preview.stdout).toMatch(/\+-1 to replace/);
  expect(emulator.deployments()).toHaveLength(1);

  // Back to the deployed count: nothing to do.
  await stack.ok(["config", "set", "recorders", "2"]);
  const unchanged = await stack.ok(["preview", "--expect-no-changes"]);
  expect(unchanged.stdout).toMatch(/2 unchanged/);
}, 120_000);
