import { FileDeploymentJournal } from "../../provider/src/journal/file-journal";
import { TEST_DOMAIN } from "../helpers/jod-test-setup";
import { useYamlStackOnEmulator } from "../helpers/yaml-plugin-stack";

// examples/yaml under plain `pulumi up`: the plugin deploys through the emulator's direct
// callback and hands the recorders to the YAML program's outputs.
const fixture = useYamlStackOnEmulator();

test("pulumi up deploys the YAML program's recorders once, ready with their IPs", async () => {
  const { stack, emulator } = fixture;
  await stack.ok(["up", "--yes", "--skip-preview"]);

  const outputs = await stack.outputs();
  expect(outputs.status).toBe("ready");
  expect(outputs.recorderIps).toHaveLength(2);
  const deployments = emulator.deployments();
  expect(deployments).toHaveLength(1);
  expect(outputs.deploymentId).toBe(deployments[0].deploymentId);
  expect(deployments[0]).toMatchObject({ domain: TEST_DOMAIN, recorderCount: 2, duration: 3 });

  const resources = await stack.resources();
  const deployment = resources.find((r) => r.type === "jod:index:RecorderDeployment");
  expect(deployment?.urn).toBe(
    "urn:pulumi:test::jod-yaml::jod:index:RecorderDeployment::deployment",
  );
  // The journal's name for the resource (its URN) is not a property in state.
  expect(Object.keys(deployment?.outputs ?? {})).not.toContain("__jodIdentity");

  // The journal has the ready deployment with its recorders: a hand-over after a hard stop (or a
  // checkpoint that failed to save) returns them again instead of buying.
  const entry = await new FileDeploymentJournal().read(deployment?.urn as string);
  expect(entry).toMatchObject({ deploymentId: outputs.deploymentId, phase: "done" });
  expect(entry?.outcome).toMatchObject({ kind: "ready" });
  const kept = entry?.outcome?.kind === "ready" ? entry.outcome.recorders : undefined;
  expect(kept?.map((recorder) => recorder.ip)).toEqual(outputs.recorderIps);
}, 120_000);
