import * as jod from "pulumi-jod";
import type { StateResource } from "../helpers/pulumi-test-stack";
import { readFixtureState } from "../helpers/state-fixture";
import { TEST_DOMAIN } from "../helpers/jod-test-setup";
import { drainPulumiMocks, installPulumiMocks } from "../helpers/unit-pulumi-mocks";

/**
 * Every stack 0.1.0 touched stores this `__provider` text, and the engine runs the stored text,
 * not the installed package's, for refresh and destroy: it calls
 * `require("pulumi-jod/runtime").recorderDeploymentProvider.<method>` for as long as the stack
 * lives. So the shim's serialized text must never change without a migration plan (what old
 * stacks keep calling, and how the runtime keeps serving it). `pulumi-jod` here is the built
 * package (`provider/dist`), the code users install: build before running this test.
 */
function providerStoredBy0_1_0(): string[] {
  const resources = (readFixtureState().deployment?.resources ?? []) as StateResource[];
  return resources
    .filter((resource) => resource.type === jod.RecorderDeployment.TYPE)
    .map((resource) => String(resource.inputs?.__provider));
}

describe("the serialized RecorderDeployment provider", () => {
  it("is, with the current code, exactly the text 0.1.0 stored in state", async () => {
    const resources = await installPulumiMocks();
    new jod.RecorderDeployment("shim", {
      domain: TEST_DOMAIN,
      recorders: 1,
      duration: 1,
      location: "lon",
    });
    await drainPulumiMocks();
    const serialized = resources[0].inputs.__provider;
    const stored = providerStoredBy0_1_0();
    expect(stored).toHaveLength(3);
    for (const text of stored) expect(serialized).toBe(text);
  });
});
