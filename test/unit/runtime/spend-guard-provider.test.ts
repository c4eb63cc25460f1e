import { JodRequestError } from "../../../provider/src/errors";
import {
  accepted,
  configuredEnv,
  createUnitProvider,
  deploymentInputs,
  deploymentState,
} from "../../helpers/unit-provider-harness";
import { successCallback } from "../../helpers/unit-callback-bodies";

const CEILING_10 = { ...configuredEnv(), JOD_MAX_RECORDER_HOURS: "10" };

/** Answers every deploy request and calls back at once. */
const acceptAll = async ({ callBackLater }: { callBackLater: (body: unknown) => void }) => {
  callBackLater(successCallback("dep-1"));
  return accepted("dep-1");
};

describe("the spend guard in the provider", () => {
  it("states what a new resource buys at check, and counts a repeated check once", async () => {
    const unit = createUnitProvider({ env: CEILING_10 });
    const inputs = deploymentInputs({ recorders: 2, duration: 4 });
    await expect(unit.provider.check({}, inputs)).resolves.toEqual({ inputs, failures: [] });
    await expect(unit.provider.check({}, inputs)).resolves.toEqual({ inputs, failures: [] });
    expect(unit.logs).toEqual([
      "jod: new deployment in lon for meet.example.com: buys 8 recorder-hours (2 recorder(s) × " +
        "4 h); new deployments in this preview/update so far: 8 of the 10 recorder-hours " +
        "jod:maxRecorderHours allows",
    ]);
  });

  it("fails check when the new resources together cross the ceiling", async () => {
    const unit = createUnitProvider({ env: CEILING_10 });
    await unit.provider.check({}, deploymentInputs({ recorders: 2, duration: 4 }));
    const { failures } = await unit.provider.check(
      {},
      deploymentInputs({ recorders: 1, duration: 4, location: "nyc" }),
    );
    expect(failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(
          /^jod:maxRecorderHours is 10 recorder-hours, and the deployment in nyc .* buys 4 recorder-hours .* to 12 recorder-hours, over that ceiling\. Nothing was sent to JOD\./,
        ),
      },
    ]);
  });

  it("leaves existing resources and invalid or unknown inputs out of the tally", async () => {
    const unit = createUnitProvider({ env: CEILING_10 });
    const big = deploymentInputs({ recorders: 20, duration: 4 });
    await expect(unit.provider.check(big, big)).resolves.toEqual({ inputs: big, failures: [] });
    const unknown = { ...big, recorders: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" };
    expect((await unit.provider.check({}, unknown)).failures).toEqual([]);
    const invalid = { ...big, location: "paris" };
    expect((await unit.provider.check({}, invalid)).failures).toHaveLength(1);
    expect(unit.logs).toEqual([]);
  });

  it("throws from diff for a replacement over the ceiling", async () => {
    const unit = createUnitProvider({ env: CEILING_10 });
    unit.setNow("2030-01-01T01:00:00.000Z");
    await expect(
      unit.provider.diff("dep-1", deploymentState(), deploymentInputs({ recorders: 4 })),
    ).rejects.toMatchObject({
      code: "SPEND_LIMIT",
      mayHaveDeployed: false,
      message: expect.stringContaining("buys 12 recorder-hours (4 recorder(s) × 3 h)"),
    });
  });

  it("refuses a create over the ceiling without a request", async () => {
    const unit = createUnitProvider({ env: CEILING_10, script: acceptAll });
    await unit.provider.create(deploymentInputs({ recorders: 2, duration: 3, timeoutSeconds: 5 }));
    await expect(
      unit.provider.create(deploymentInputs({ recorders: 1, duration: 5, timeoutSeconds: 5 })),
    ).rejects.toMatchObject({
      code: "SPEND_LIMIT",
      message: expect.stringContaining(
        "buys 5 recorder-hours (1 recorder(s) × 5 h) and brings this update's deployments to 11",
      ),
    });
    expect(unit.requests).toHaveLength(1);
  });

  it("reserves concurrent creates atomically", async () => {
    const unit = createUnitProvider({ env: CEILING_10, script: acceptAll });
    const creates = [1, 2, 3].map(() =>
      unit.provider.create(deploymentInputs({ recorders: 1, duration: 4, timeoutSeconds: 5 })),
    );
    const results = await Promise.allSettled(creates);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    expect(unit.requests).toHaveLength(2);
  });

  it("gives the hours back when JOD refused, and keeps them when it may have deployed", async () => {
    const errors = [
      new JodRequestError("INSUFFICIENT_BALANCE"),
      new JodRequestError("SERVER_ERROR", { status: 500 }),
    ];
    const unit = createUnitProvider({
      env: CEILING_10,
      script: async () => {
        throw errors.shift();
      },
    });
    const inputs = deploymentInputs({ recorders: 2, duration: 4, timeoutSeconds: 1 });
    await expect(unit.provider.create(inputs)).rejects.toMatchObject({
      code: "INSUFFICIENT_BALANCE",
    });
    await expect(unit.provider.create(inputs)).rejects.toMatchObject({ code: "SERVER_ERROR" });
    await expect(unit.provider.create(inputs)).rejects.toMatchObject({ code: "SPEND_LIMIT" });
    expect(unit.requests).toHaveLength(2);
  });
});
