import { readFileSync } from "node:fs";
import path from "node:path";
import { TEST_DOMAIN } from "../helpers/jod-test-setup";
import { useYamlStackOnEmulator } from "../helpers/yaml-plugin-stack";

// examples/yaml/fleet: a jod:index:RecorderFleet from stack config, constructed by the plugin
// (the engine's Construct call), one deployment per location as the fleet's children.
const fixture = useYamlStackOnEmulator({
  program: readFileSync(path.resolve(__dirname, "../../examples/yaml/fleet/Pulumi.yaml"), "utf8"),
});
const DEPLOYMENT = "jod:index:RecorderDeployment";

async function setCount(location: string, count: number | undefined): Promise<void> {
  const key = `recorders.${location}`;
  await fixture.stack.ok(
    count === undefined
      ? ["config", "rm", "--path", key]
      : ["config", "set", "--path", key, String(count)],
  );
}

/** The stack's deployments by name, with their JOD ids. */
async function deploymentIds(): Promise<Record<string, unknown>> {
  const resources = await fixture.stack.resources();
  return Object.fromEntries(
    resources
      .filter((r) => r.type === DEPLOYMENT)
      .map((r) => [r.urn.split("::").pop(), r.outputs?.deploymentId]),
  );
}

test("preview shows one deployment per location and the recorder-hours, sending nothing", async () => {
  const { stack, emulator } = fixture;
  await setCount("lon", 2);
  await setCount("ams", 1);
  const preview = await stack.ok(["preview"]);
  expect(preview.stdout).toContain(
    "RecorderFleet fleet: 3 recorder(s) × 3 h = 9 recorder-hours in all",
  );
  expect(preview.stdout).toMatch(/\+\s+jod:index:RecorderFleet fleet create/);
  expect(preview.stdout).toMatch(/\+\s+jod:index:RecorderDeployment fleet-lon create/);
  expect(preview.stdout).toMatch(/\+\s+jod:index:RecorderDeployment fleet-ams create/);
  expect(preview.stdout).toMatch(/\+ 4 to create/);
  expect(emulator.deployments()).toHaveLength(0);
}, 120_000);

test("up deploys each location once and gathers the IPs and recorder-hours", async () => {
  const { stack, emulator } = fixture;
  await stack.ok(["up", "--yes", "--skip-preview"]);
  const outputs = await stack.outputs();
  expect(outputs.totalRecorderHours).toBe(9);
  const ips = outputs.ipsByLocation as Record<string, string[]>;
  expect(Object.keys(ips).sort()).toEqual(["ams", "lon"]);
  expect(ips.lon).toHaveLength(2);
  expect(ips.ams).toHaveLength(1);
  expect(outputs.allIps).toHaveLength(3);
  const sold = emulator.deployments();
  expect(sold.map((d) => [d.domain, d.recorderCount]).sort()).toEqual([
    [TEST_DOMAIN, 1],
    [TEST_DOMAIN, 2],
  ]);
  const resources = await stack.resources();
  const fleet = resources.find((r) => r.type === "jod:index:RecorderFleet");
  for (const child of resources.filter((r) => r.type === DEPLOYMENT)) {
    expect(child.urn).toContain(`jod:index:RecorderFleet$${DEPLOYMENT}::fleet-`);
    expect(fleet?.urn).toBeDefined();
  }
}, 180_000);

test("changing one location's count replaces that location only", async () => {
  const { stack, emulator } = fixture;
  const before = await deploymentIds();
  await setCount("lon", 3);
  const up = await stack.ok(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/1 replaced/);
  // deleteBeforeReplace: the old deployment leaves the stack (and the journal) first.
  expect(up.stdout).toMatch(/fleet-lon deleted original[\s\S]*fleet-lon created replacement/);
  const after = await deploymentIds();
  expect(after["fleet-ams"]).toBe(before["fleet-ams"]);
  expect(after["fleet-lon"]).not.toBe(before["fleet-lon"]);
  expect(emulator.deployments()).toHaveLength(3);
  expect(emulator.deployments()[2]).toMatchObject({ recorderCount: 3 });
  expect((await stack.outputs()).totalRecorderHours).toBe(12);
}, 180_000);

test("adding a location deploys there; removing one removes its deployment", async () => {
  const { stack, emulator } = fixture;
  const before = await deploymentIds();
  await setCount("nyc", 1);
  await setCount("ams", undefined);
  await stack.ok(["up", "--yes", "--skip-preview"]);
  const after = await deploymentIds();
  expect(Object.keys(after).sort()).toEqual(["fleet-lon", "fleet-nyc"]);
  expect(after["fleet-lon"]).toBe(before["fleet-lon"]);
  expect(emulator.deployments()).toHaveLength(4);
  expect(Object.keys((await stack.outputs()).ipsByLocation as object).sort()).toEqual([
    "lon",
    "nyc",
  ]);

  const destroy = await stack.ok(["destroy", "--yes", "--skip-preview"]);
  expect(destroy.stdout).toMatch(/4 deleted/); // the fleet, its two deployments, the stack
  expect(await stack.resources()).toHaveLength(0);
  expect(emulator.deployments()).toHaveLength(4);
}, 180_000);
