import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import { accepted, createUnitProvider } from "../../helpers/unit-provider-harness";
import { identifiedInputs, settled } from "../../helpers/unit-resume";

/**
 * A 200-hour deployment JOD accepted, then a hard stop; the resume comes 8 days later, after
 * the journal was pruned. The entry must still be there (it is kept until its deployment
 * expires, plus a day), so the deployment is adopted, not bought again.
 */
describe("a resume 8 days after a hard stop of a 200-hour deployment", () => {
  it("adopts the deployment: the pruned journal still has it", async () => {
    const inputs = identifiedInputs("eight-days-later", { duration: 200, timeoutSeconds: 1 });
    const first = createUnitProvider({ script: async () => accepted("dep-long") });
    await settled(first.provider.create(inputs));

    const eightDaysLater = "2030-01-09T00:00:00.000Z";
    await new FileDeploymentJournal().prune(new Date(eightDaysLater));
    const resumed = createUnitProvider({ script: async () => accepted("dep-again") });
    resumed.setNow(eightDaysLater);
    const result = await settled(resumed.provider.create(inputs));
    expect(resumed.requests).toHaveLength(0);
    expect(result).toMatchObject({ id: "dep-long", properties: { status: "awaiting-callback" } });
  });
});
