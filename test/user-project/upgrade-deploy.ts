// Phase 1 of the upgrade e2e test, run in the user project with the old pulumi-jod installed.
import { upgradeStack } from "./upgrade-stack";

jest.setTimeout(180_000);

test("deploys with the installed version", async () => {
  const stack = await upgradeStack();
  const up = await stack.up();
  expect(up.outputs.ips.value).toHaveLength(1);
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
});
