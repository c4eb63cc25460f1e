import {
  configuredEnv,
  createUnitProvider,
  deploymentInputs,
  deploymentState,
} from "../../helpers/unit-provider-harness";

const BEFORE_EXPIRY = "2030-01-01T02:59:59.000Z";
const AT_EXPIRY = "2030-01-01T03:00:00.000Z";

describe("provider diff", () => {
  it("reports no changes when the inputs are the same", async () => {
    const unit = createUnitProvider();
    unit.setNow(BEFORE_EXPIRY);
    await expect(
      unit.provider.diff("dep-1", deploymentState(), deploymentInputs()),
    ).resolves.toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(unit.logs).toEqual([]);
  });

  it.each([
    ["domain", "other.example.com"],
    ["recorders", 3],
    ["duration", 4],
    ["location", "blr"],
  ])("replaces the deployment when %s changes", async (key, value) => {
    const unit = createUnitProvider();
    unit.setNow(BEFORE_EXPIRY);
    const diff = await unit.provider.diff("dep-1", deploymentState(), {
      ...deploymentInputs(),
      [key]: value,
    });
    expect(diff).toEqual({ changes: true, replaces: [key], deleteBeforeReplace: true });
  });

  it("lists every changed replace key", async () => {
    const unit = createUnitProvider();
    unit.setNow(BEFORE_EXPIRY);
    const diff = await unit.provider.diff(
      "dep-1",
      deploymentState(),
      deploymentInputs({ recorders: 5, location: "nyc" }),
    );
    expect(diff.replaces).toEqual(["recorders", "location"]);
  });

  it("warns that a replacement pays for new recorders while the old ones run on", async () => {
    const unit = createUnitProvider();
    unit.setNow(BEFORE_EXPIRY);
    await unit.provider.diff("dep-1", deploymentState(), deploymentInputs({ recorders: 5 }));
    expect(unit.logs).toEqual([
      "jod: replacing deployment dep-1 because recorders changed: this deploys and pays for new " +
        "recorders (5 recorder(s) in lon for meet.example.com, 3 h), while the current ones keep " +
        "running until 2030-01-01T03:00:00.000Z (JOD has no way to stop them early).",
      "jod: replacement in lon for meet.example.com: buys 15 recorder-hours (5 recorder(s) × 3 h); " +
        "new deployments in this preview/update so far: 15 of the 500 recorder-hours " +
        "jod:maxRecorderHours allows",
    ]);
  });

  it.each([
    ["callbackUrl", { callbackUrl: "https://callbacks.example.com" }, {}],
    ["timeoutSeconds", { timeoutSeconds: 60 }, {}],
    ["callbackUrl removed", {}, { callbackUrl: "https://callbacks.example.com" }],
    ["timeoutSeconds changed", { timeoutSeconds: 60 }, { timeoutSeconds: 900 }],
  ])("updates %s in place", async (_name, news, olds) => {
    const unit = createUnitProvider();
    unit.setNow(BEFORE_EXPIRY);
    const diff = await unit.provider.diff("dep-1", deploymentState(olds), deploymentInputs(news));
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(unit.logs).toEqual([]);
  });

  it("keeps an expired deployment and says how to renew it, unless renewExpired is set", async () => {
    const unit = createUnitProvider();
    unit.setNow(AT_EXPIRY);
    const diff = await unit.provider.diff("dep-1", deploymentState(), deploymentInputs());
    expect(diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(unit.logs).toEqual([
      "jod: deployment dep-1 (2 recorder(s) in lon for meet.example.com, 3 h) expired at " +
        "2030-01-01T03:00:00.000Z. Run `pulumi up --refresh` to drop it and deploy new recorders.",
    ]);
  });

  it("replaces an expired deployment on expiresAt when renewExpired is true", async () => {
    const unit = createUnitProvider({ env: { ...configuredEnv(), JOD_RENEW_EXPIRED: "true" } });
    unit.setNow(AT_EXPIRY);
    const diff = await unit.provider.diff("dep-1", deploymentState(), deploymentInputs());
    expect(diff).toEqual({ changes: true, replaces: ["expiresAt"], deleteBeforeReplace: true });
    expect(unit.logs).toEqual([
      expect.stringMatching(/^jod: replacing deployment dep-1 because expiresAt changed: /),
      expect.stringMatching(/^jod: replacement in lon for meet.example.com: buys 6 recorder-hours/),
    ]);
  });

  it("does not renew a deployment that has not expired yet", async () => {
    const unit = createUnitProvider({ env: { ...configuredEnv(), JOD_RENEW_EXPIRED: "true" } });
    unit.setNow(BEFORE_EXPIRY);
    const diff = await unit.provider.diff("dep-1", deploymentState(), deploymentInputs());
    expect(diff.changes).toBe(false);
  });

  it("replaces an expired deployment for its changed inputs, not twice", async () => {
    const unit = createUnitProvider({ env: { ...configuredEnv(), JOD_RENEW_EXPIRED: "true" } });
    unit.setNow(AT_EXPIRY);
    const diff = await unit.provider.diff(
      "dep-1",
      deploymentState(),
      deploymentInputs({ duration: 5 }),
    );
    expect(diff.replaces).toEqual(["duration"]);
    expect(unit.logs.filter((line) => line.startsWith("jod: replacing "))).toHaveLength(1);
  });
});
