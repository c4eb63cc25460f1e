import * as jod from "pulumi-jod";
import type { StateResource } from "../helpers/pulumi-test-stack";
import { readFixtureState } from "../helpers/state-fixture";
import { TEST_DOMAIN } from "../helpers/jod-test-setup";
import { drainPulumiMocks, installPulumiMocks } from "../helpers/unit-pulumi-mocks";

/**
 * The `__provider` text 0.1.0 wrote into the state of every stack it touched. The engine runs
 * that stored text, not the installed code, for refresh and destroy (and diffs new text against
 * it on up). Changing what the shim serializes to therefore needs a migration plan for every
 * existing stack: the shim's text is a contract, held here against the 0.1.0 fixture.
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
