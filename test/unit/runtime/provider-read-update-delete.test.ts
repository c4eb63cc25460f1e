import {
  createUnitProvider,
  deploymentInputs,
  deploymentState,
} from "../../helpers/unit-provider-harness";

describe("provider read", () => {
  it("returns a deployment that has not expired unchanged, without logging", async () => {
    const unit = createUnitProvider();
    unit.setNow("2030-01-01T02:59:59.999Z");
    const state = deploymentState();
    await expect(unit.provider.read("dep-1", state)).resolves.toEqual({
      id: "dep-1",
      props: state,
    });
    expect(unit.logs).toEqual([]);
  });

  it("drops an expired deployment from the stack with an empty id, and says so", async () => {
    const unit = createUnitProvider();
    unit.setNow("2030-01-01T03:00:00.000Z");
    await expect(unit.provider.read("dep-1", deploymentState())).resolves.toEqual({
      id: "",
      props: {},
    });
    expect(unit.logs).toEqual([
      "jod: deployment dep-1 (2 recorder(s) in lon for meet.example.com, 3 h) expired at " +
        "2030-01-01T03:00:00.000Z; it is dropped from the stack and the next `pulumi up` deploys " +
        "new recorders.",
    ]);
  });

  it("keeps an unconfirmed deployment until its expiry too", async () => {
    const unit = createUnitProvider();
    unit.setNow("2030-01-01T01:00:00.000Z");
    const state = deploymentState({ deploymentId: "unconfirmed-1", status: "unconfirmed" });
    await expect(unit.provider.read("unconfirmed-1", state)).resolves.toEqual({
      id: "unconfirmed-1",
      props: state,
    });
  });
});

describe("provider update", () => {
  it("sets the in-place inputs and keeps everything JOD reported", async () => {
    const unit = createUnitProvider();
    const olds = deploymentState();
    const { outs } = await unit.provider.update(
      "dep-1",
      olds,
      deploymentInputs({ callbackUrl: "https://callbacks.example.com", timeoutSeconds: 60 }),
    );
    expect(outs).toEqual({
      ...olds,
      callbackUrl: "https://callbacks.example.com",
      timeoutSeconds: 60,
    });
    expect(unit.requests).toEqual([]);
    expect(unit.logs).toEqual([]);
  });

  it("removes in-place inputs that are no longer set", async () => {
    const unit = createUnitProvider();
    const olds = deploymentState({ callbackUrl: "https://old.example.com", timeoutSeconds: 60 });
    const { outs } = await unit.provider.update("dep-1", olds, deploymentInputs());
    expect(outs).not.toHaveProperty("callbackUrl");
    expect(outs).not.toHaveProperty("timeoutSeconds");
    expect(outs).toMatchObject({ deploymentId: "dep-1", status: "ready" });
  });

  it.each(["awaiting-callback", "unconfirmed"] as const)(
    "keeps a %s deployment as it is, never deploying twice, and says so",
    async (status) => {
      const unit = createUnitProvider();
      const olds = deploymentState({ status, deployedRecorders: [], recorderIps: [] });
      const { outs } = await unit.provider.update(
        "dep-1",
        olds,
        deploymentInputs({ timeoutSeconds: 60 }),
      );
      expect(outs).toEqual({ ...olds, timeoutSeconds: 60 });
      expect(unit.requests).toEqual([]);
      expect(unit.logs).toEqual([
        `jod: deployment dep-1 is still ${status}: JOD has no status endpoint, so it stays as it ` +
          "is (never deployed twice). Run `pulumi up --replace <urn>` to deploy anew.",
      ]);
    },
  );
});

describe("provider delete", () => {
  it("says that running recorders keep running until they expire", async () => {
    const unit = createUnitProvider();
    unit.setNow("2030-01-01T01:00:00.000Z");
    await unit.provider.delete("dep-1", deploymentState());
    expect(unit.logs).toEqual([
      "jod: removed deployment dep-1 (2 recorder(s) in lon for meet.example.com, 3 h) from the " +
        "stack. JOD has no teardown endpoint: its recorders keep running (already paid) until " +
        "2030-01-01T03:00:00.000Z.",
    ]);
    expect(unit.requests).toEqual([]);
  });

  it("says when an expired deployment expired", async () => {
    const unit = createUnitProvider();
    unit.setNow("2030-01-01T03:00:00.000Z");
    await unit.provider.delete("dep-1", deploymentState());
    expect(unit.logs).toEqual([
      "jod: removed deployment dep-1 (2 recorder(s) in lon for meet.example.com, 3 h) from the " +
        "stack. It expired at 2030-01-01T03:00:00.000Z.",
    ]);
  });

  it("needs no API key", async () => {
    const unit = createUnitProvider({ env: {} });
    await expect(unit.provider.delete("dep-1", deploymentState())).resolves.toBeUndefined();
  });
});
