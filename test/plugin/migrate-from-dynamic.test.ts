import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import * as jod from "pulumi-jod";
import { TEST_DOMAIN, useStackOnEmulator } from "../helpers/jod-test-setup";
import { PLUGIN_DIR } from "../helpers/yaml-plugin-stack";

// A stack made with the dynamic RecorderDeployment moves to the plugin's resource without
// buying again: the new program declares the same deployment as jod:index:RecorderDeployment
// with an alias to the old URN. The engine asks the plugin's DiffConfig whether the change of
// provider needs a replacement (it does not), then its Diff on the old state (the same
// deployment: no change), so the deployment stays, now served by the plugin.
const DYNAMIC_URN = "urn:pulumi:test::jod-e2e::pulumi-nodejs:dynamic/jod:RecorderDeployment::lon";
const fixture = useStackOnEmulator({
  program: async () => {
    const deployment = new jod.RecorderDeployment("lon", {
      domain: TEST_DOMAIN,
      recorders: 2,
      duration: 3,
      location: "lon",
    });
    return { deploymentId: deployment.deploymentId };
  },
});

const YAML_PROGRAM = (backend: string) => `name: jod-e2e
runtime: yaml
backend:
  url: ${backend}
plugins:
  providers:
    - name: jod
      path: ${PLUGIN_DIR}
resources:
  lon:
    type: jod:index:RecorderDeployment
    properties:
      domain: ${TEST_DOMAIN}
      recorders: 2
      duration: 3
      location: lon
    options:
      aliases:
        - ${DYNAMIC_URN}
outputs:
  deploymentId: \${lon.deploymentId}
  status: \${lon.status}
`;

test("an alias moves a dynamic RecorderDeployment to the plugin's resource, bought once", async () => {
  const { stack, emulator } = fixture;
  const { outputs } = await stack.up();
  const workDir = stack.workDir;
  writeFileSync(
    path.join(workDir, "Pulumi.yaml"),
    YAML_PROGRAM(`file://${path.join(workDir, "state")}`),
  );
  const env = { ...process.env, ...stack.stack.workspace.envVars };
  const pulumi = (...args: string[]) =>
    promisify(execFile)("pulumi", [...args, "--stack", "test", "--non-interactive"], {
      cwd: workDir,
      env,
    });

  const preview = await pulumi("preview", "--diff");
  expect(preview.stdout).not.toMatch(/replace/);
  expect(preview.stdout).toMatch(/2 unchanged/);
  await pulumi("up", "--yes", "--skip-preview");
  // Refresh drops what only the dynamic resource kept (its serialized provider, its identity).
  await pulumi("refresh", "--yes", "--skip-preview");
  await pulumi("preview", "--expect-no-changes");

  expect(emulator.deployments()).toHaveLength(1);
  const state = JSON.parse((await pulumi("stack", "export")).stdout) as {
    deployment: { resources: { type: string; id?: string; outputs?: Record<string, unknown> }[] };
  };
  const types = state.deployment.resources.map((resource) => resource.type);
  expect(types).not.toContain("pulumi-nodejs:dynamic/jod:RecorderDeployment");
  expect(types).not.toContain("pulumi:providers:pulumi-nodejs");
  const moved = state.deployment.resources.find((r) => r.type === "jod:index:RecorderDeployment");
  expect(moved?.id).toBe(outputs.deploymentId);
  expect(moved?.outputs?.status).toBe("ready");
  expect(Object.keys(moved?.outputs ?? {}).filter((key) => key.startsWith("__"))).toEqual([]);
}, 300_000);
