import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import type { DeploymentInputs } from "../../../provider/src/deployment-state";
import { sampleEntry } from "../../helpers/unit-journal";
import {
  accepted,
  createUnitProvider,
  deploymentInputs,
} from "../../helpers/unit-provider-harness";

/**
 * An accepted deployment resumed twice (each time its callback does not come, as after two hard
 * stops) keeps JOD's expiry in the journal, so that once it has expired a create buys anew
 * instead of adopting recorders that no longer run.
 */
describe("resuming an accepted deployment", () => {
  it("keeps its expiry, and does not adopt it once it expired", async () => {
    const identity = "resumed/dev/jod:RecorderDeployment::twice";
    // Accepted at the harness's clock (2030-01-01T00:00Z), for 3 hours.
    const entry = sampleEntry(identity, { deployedAt: "2030-01-01T00:00:00.000Z" });
    await new FileDeploymentJournal().write(entry);
    const unit = createUnitProvider({ script: async () => accepted("dep-new") });
    const inputs = {
      ...deploymentInputs({ timeoutSeconds: 1 }),
      __jodIdentity: identity,
    } as DeploymentInputs;

    for (const resume of ["2030-01-01T01:00:00.000Z", "2030-01-01T02:30:00.000Z"]) {
      unit.setNow(resume);
      const kept = await unit.provider.create(inputs).catch((error: Error) => error);
      expect(kept).toMatchObject({ id: "dep-1", properties: { status: "awaiting-callback" } });
      const journaled = await new FileDeploymentJournal().read(identity);
      expect(journaled?.expiresAt).toBe(entry.expiresAt);
    }
    expect(unit.requests).toHaveLength(0);

    unit.setNow("2030-01-01T03:00:00.000Z");
    await unit.provider.create(inputs).catch(() => undefined);
    expect(unit.requests).toHaveLength(1);
  });
});
