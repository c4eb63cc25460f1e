// Phase 2 of the upgrade e2e test, run in the user project after pulumi-jod was upgraded: the
// resource the old version wrote is refreshed, kept by up and destroyed.
import { upgradeStack } from "./upgrade-stack";

jest.setTimeout(180_000);

test("refreshes, updates and destroys what the old version deployed", async () => {
  const stack = await upgradeStack();
  const { deployment } = await stack.exportStack();
  const [resource] = deployment.resources.filter(
    (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/jod:RecorderDeployment",
  );
  // The old serialized provider names the package, not a path in the package manager's store.
  const shim: string = resource.outputs.__provider;
  expect(shim).toContain('require("pulumi-jod/runtime")');
  expect(shim).not.toMatch(/node_modules|\.pnpm/);

  const refresh = await stack.refresh();
  expect(refresh.summary.resourceChanges).toEqual({ same: 2 });
  const up = await stack.up();
  expect(up.summary.resourceChanges?.create ?? 0).toBe(0);
  expect(up.summary.resourceChanges?.replace ?? 0).toBe(0);
  expect(up.outputs.ips.value).toHaveLength(1);
  const destroy = await stack.destroy();
  expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
});
