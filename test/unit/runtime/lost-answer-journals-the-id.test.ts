import type { DeploymentInputs } from "../../../provider/src/deployment-state";
import { JodRequestError } from "../../../provider/src/errors";
import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import { successCallback } from "../../helpers/unit-callback-bodies";
import { createUnitProvider, deploymentInputs } from "../../helpers/unit-provider-harness";

/**
 * JOD's answer is lost (HTTP 500) but its callback names the deployment: the journal's `done`
 * entry records that id, so a run that replays it (the engine died before recording the
 * result) hands over that deployment instead of an `unconfirmed` one.
 */
describe("a lost answer whose callback came", () => {
  it("journals the deployment the callback names, and a replay adopts it", async () => {
    const identity = "lost/dev/jod:RecorderDeployment::journaled";
    const inputs = {
      ...deploymentInputs({ timeoutSeconds: 5 }),
      __jodIdentity: identity,
    } as DeploymentInputs;
    const unit = createUnitProvider({
      script: async ({ callBackLater }) => {
        callBackLater(successCallback("dep-lost", ["203.0.113.10"]));
        throw new JodRequestError("SERVER_ERROR", { status: 500 });
      },
    });
    await unit.provider.create(inputs);
    const entry = await new FileDeploymentJournal().read(identity);
    expect(entry).toMatchObject({
      phase: "done",
      deploymentId: "dep-lost",
      outcome: { kind: "ready" },
    });

    const replayed = await unit.provider.create(inputs).catch((error: Error) => error);
    expect(unit.requests).toHaveLength(1);
    expect(replayed).toMatchObject({ id: "dep-lost" });
  });
});
