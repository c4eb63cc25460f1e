import { JodDeploymentFailedError, JodRequestError } from "../../../provider/src/errors";
import { failureCallback, successCallback } from "../../helpers/unit-callback-bodies";
import {
  createUnitProvider,
  deploymentInputs,
  UNIT_API_KEY,
} from "../../helpers/unit-provider-harness";
import { rejectionOf } from "../../helpers/scripted-key-scan";

describe("provider create when JOD's answer is lost but its callback comes", () => {
  it("waits for the callback after HTTP 500 and returns the deployment it names", async () => {
    const unit = createUnitProvider({
      script: async ({ callBackLater }) => {
        callBackLater(successCallback("dep-lost", ["203.0.113.10"]));
        throw new JodRequestError("SERVER_ERROR", { status: 500 });
      },
    });
    const inputs = deploymentInputs({ timeoutSeconds: 5 });
    await expect(unit.provider.create(inputs)).resolves.toEqual({
      id: "dep-lost",
      outs: {
        ...inputs,
        deploymentId: "dep-lost",
        status: "ready",
        deployedRecorders: [{ id: "rec-1", ip: "203.0.113.10" }],
        recorderIps: ["203.0.113.10"],
        deployedAt: "2030-01-01T00:00:00.000Z",
        expiresAt: "2030-01-01T03:00:00.000Z",
        message: "deployment successful",
      },
    });
    expect(await unit.callbackStatuses()).toEqual([200]);
    expect(unit.logs).toContainEqual(
      expect.stringMatching(/HTTP 500.* Waiting up to \d+ s for a callback\.$/),
    );
  });

  it("takes a callback that came before the lost answer", async () => {
    const unit = createUnitProvider({
      script: async ({ callBackNow }) => {
        await callBackNow(successCallback("dep-early"));
        throw new JodRequestError("TIMEOUT", { timeoutMs: 30_000, host: "jod.invalid" });
      },
    });
    const { id } = await unit.provider.create(deploymentInputs({ timeoutSeconds: 5 }));
    expect(id).toBe("dep-early");
    expect(await unit.callbackStatuses()).toEqual([202]);
  });

  it("throws JodDeploymentFailedError when that callback reports a failure", async () => {
    const unit = createUnitProvider({
      script: async ({ callBackLater }) => {
        callBackLater(failureCallback("no capacity"));
        throw new JodRequestError("SERVER_ERROR", { status: 500 });
      },
    });
    const error = await rejectionOf(
      unit.provider.create(deploymentInputs({ timeoutSeconds: 5 })),
      UNIT_API_KEY,
    );
    expect(error).toBeInstanceOf(JodDeploymentFailedError);
    expect(error).toMatchObject({ jodMessage: "no capacity" });
  });
});
