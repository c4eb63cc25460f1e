import {
  configuredEnv,
  createUnitProvider,
  deploymentInputs,
  deploymentState,
} from "../../helpers/unit-provider-harness";

const WARNING = /^jod: WARNING: PULUMI_JOD_TEST_CLOCK is set \(2030-01-01T00:00:00Z\).*Unset it\.$/;

describe("the test clock PULUMI_JOD_TEST_CLOCK", () => {
  it("makes every provider operation log a warning while it is set", async () => {
    const unit = createUnitProvider({
      env: { ...configuredEnv(), PULUMI_JOD_TEST_CLOCK: "2030-01-01T00:00:00Z" },
      script: async () => {
        throw new Error("no deployment in this test");
      },
    });
    const { provider, logs } = unit;
    const warnings = () => logs.filter((line) => WARNING.test(line)).length;
    await provider.check({}, deploymentInputs());
    expect(warnings()).toBe(1);
    await provider.diff("dep-1", deploymentState(), deploymentInputs());
    expect(warnings()).toBe(2);
    await expect(provider.create(deploymentInputs())).rejects.toThrow("no deployment");
    expect(warnings()).toBe(3);
    await provider.read("dep-1", deploymentState());
    expect(warnings()).toBe(4);
    await provider.update("dep-1", deploymentState(), deploymentInputs());
    expect(warnings()).toBe(5);
    await provider.delete("dep-1", deploymentState());
    expect(warnings()).toBe(6);
    expect(logs.find((line) => WARNING.test(line))).toContain("drop live, paid deployments");
  });

  it("logs no warning when it is unset", async () => {
    const { provider, logs } = createUnitProvider();
    await provider.check({}, deploymentInputs());
    await provider.read("dep-1", deploymentState());
    expect(logs.some((line) => line.includes("PULUMI_JOD_TEST_CLOCK"))).toBe(false);
  });
});
