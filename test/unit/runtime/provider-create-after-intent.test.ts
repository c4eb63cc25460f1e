import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import type { DeploymentInputs } from "../../../provider/src/deployment-state";
import { successCallback } from "../../helpers/unit-callback-bodies";
import { sampleEntry } from "../../helpers/unit-journal";
import {
  accepted,
  createUnitProvider,
  deploymentInputs,
} from "../../helpers/unit-provider-harness";

/**
 * A hard stop between the journal's `intent` and its `sending` (a moment too short to hit with a
 * real engine) leaves an entry that says nothing was sent: the next create posts as usual.
 */
describe("provider create after an earlier run journaled only its intent", () => {
  it("posts normally, once, and says why", async () => {
    const identity = "hard-stop/dev/jod:RecorderDeployment::intent-only";
    const intent = sampleEntry(identity, { phase: "intent" });
    delete intent.deploymentId;
    delete intent.balance;
    await new FileDeploymentJournal().write(intent);
    const unit = createUnitProvider({
      script: async ({ callBackLater }) => {
        callBackLater(successCallback("dep-after-intent"));
        return accepted("dep-after-intent");
      },
    });
    const inputs = { ...deploymentInputs({ timeoutSeconds: 5 }), __jodIdentity: identity };
    const { id, outs } = await unit.provider.create(inputs as DeploymentInputs);
    expect(unit.requests).toHaveLength(1);
    expect(id).toBe("dep-after-intent");
    expect(outs.status).toBe("ready");
    expect(unit.logs).toContain(
      "jod: deployment journal: an earlier run sent nothing, or JOD refused it: buying 2 recorder(s) in lon for meet.example.com, 3 h",
    );
    expect(await new FileDeploymentJournal().read(identity)).toMatchObject({
      phase: "done",
      deploymentId: "dep-after-intent",
      outcome: { kind: "ready" },
    });
  });
});
