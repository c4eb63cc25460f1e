import { jodRecords } from "../helpers/hard-stop";
import { useYamlStackOnEmulator } from "../helpers/yaml-plugin-stack";

// `pulumi up --replace <urn>` through the plugin: the example's deployment is delete-before-replace,
// so the engine's Delete releases the old deployment in the journal first, and each replacement
// buys exactly one new deployment.
const fixture = useYamlStackOnEmulator();
const URN = "urn:pulumi:test::jod-yaml::jod:index:RecorderDeployment::deployment";

test("pulumi up --replace buys exactly one new deployment each time", async () => {
  const { stack, emulator } = fixture;
  await stack.ok(["up", "--yes", "--skip-preview"]);
  expect(jodRecords(emulator).posts).toBe(1);
  const ids = [(await stack.outputs()).deploymentId];

  for (const posts of [2, 3]) {
    const replaced = await stack.ok(["up", "--yes", "--skip-preview", "--replace", URN]);
    expect(replaced.stdout).toMatch(/1 replaced/);
    expect(jodRecords(emulator).posts).toBe(posts);
    const outputs = await stack.outputs();
    expect(outputs.status).toBe("ready");
    expect(ids).not.toContain(outputs.deploymentId);
    expect(jodRecords(emulator).accepted).toContain(outputs.deploymentId);
    ids.push(outputs.deploymentId);
  }
  const deployments = (await stack.resources()).filter(
    (r) => r.type === "jod:index:RecorderDeployment",
  );
  expect(deployments).toHaveLength(1);
}, 180_000);
