import type * as pulumi from "@pulumi/pulumi";
import { UNKNOWN_VALUE } from "../../../provider/src/runtime/recorder-deployment-provider";
import {
  configuredEnv,
  createUnitProvider,
  deploymentInputs,
  deploymentState,
} from "../../helpers/unit-provider-harness";

describe("provider check", () => {
  it("passes valid inputs through without failures", async () => {
    const { provider } = createUnitProvider();
    const inputs = deploymentInputs({
      callbackUrl: "https://callbacks.example.com",
      timeoutSeconds: 60,
    });
    await expect(provider.check({}, inputs)).resolves.toEqual({ inputs, failures: [] });
  });

  it.each([
    ["domain", "https://meet.example.com"],
    ["domain", undefined],
    ["recorders", 0],
    ["recorders", 10_001],
    ["recorders", "2"],
    ["duration", 0.5],
    ["duration", 8_761],
    ["location", "paris"],
    ["location", undefined],
    ["callbackUrl", "/relative"],
    ["callbackUrl", null],
    ["timeoutSeconds", 0],
    ["timeoutSeconds", 1.5],
    ["timeoutSeconds", "60"],
  ])("reports %s = %j under its own name", async (property, value) => {
    const { provider } = createUnitProvider();
    const { failures } = await provider.check({}, { ...deploymentInputs(), [property]: value });
    expect(failures).toHaveLength(1);
    expect(failures?.[0]).toMatchObject({ property, reason: expect.stringMatching(/^must be /) });
  });

  it("reports every invalid property at once", async () => {
    const { provider } = createUnitProvider();
    const { failures } = await provider.check(
      {},
      { domain: "x", recorders: -1, duration: 0, location: "mars" },
    );
    expect(failures?.map((failure) => failure.property)).toEqual([
      "domain",
      "recorders",
      "duration",
      "location",
    ]);
  });

  it("lets values that are unknown during preview pass", async () => {
    const { provider } = createUnitProvider();
    const news = {
      domain: UNKNOWN_VALUE,
      recorders: UNKNOWN_VALUE,
      duration: UNKNOWN_VALUE,
      location: UNKNOWN_VALUE,
      callbackUrl: UNKNOWN_VALUE,
      timeoutSeconds: UNKNOWN_VALUE,
    };
    await expect(provider.check({}, news)).resolves.toEqual({ inputs: news, failures: [] });
  });

  it("uses the engine's unknown-value sentinel", () => {
    expect(UNKNOWN_VALUE).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
  });

  it('reports a missing API key with property "" and how to set it', async () => {
    const { provider } = createUnitProvider({ env: {} });
    const { failures } = await provider.check({}, deploymentInputs());
    expect(failures).toEqual([
      {
        property: "",
        reason: expect.stringContaining("jod:apiKey is not set: run `pulumi config set --secret"),
      },
    ]);
  });

  it('reports invalid config from the environment with property ""', async () => {
    const { provider } = createUnitProvider({
      env: { ...configuredEnv(), JOD_ENDPOINT: "api.jod.sh", JOD_RENEW_EXPIRED: "maybe" },
    });
    const { failures } = await provider.check({}, deploymentInputs());
    expect(failures).toEqual([
      { property: "", reason: expect.stringMatching(/^JOD_RENEW_EXPIRED /) },
      { property: "", reason: expect.stringMatching(/^JOD_ENDPOINT /) },
    ]);
  });
});

/** A configure request as the engine sends it, with config values of any JSON type. */
function configureRequest(values: Record<string, unknown>): pulumi.dynamic.ConfigureRequest {
  const get = (key: string) => values[key] as string | undefined;
  return {
    config: {
      get,
      require: (key) => get(key) ?? "",
    },
  };
}

describe("provider configure", () => {
  it("replaces environment settings with stack config, so check names config keys", async () => {
    const { provider } = createUnitProvider({ env: configuredEnv() });
    await provider.configure(configureRequest({ "jod:callbackListen": "nowhere" }));
    const { failures } = await provider.check({}, deploymentInputs());
    expect(failures).toEqual([
      { property: "", reason: expect.stringMatching(/^jod:callbackListen must be /) },
    ]);
  });

  it("reads a boolean renewExpired as text", async () => {
    const unit = createUnitProvider({ env: configuredEnv() });
    await unit.provider.configure(configureRequest({ "jod:renewExpired": true }));
    unit.setNow("2030-01-02T00:00:00.000Z");
    const diff = await unit.provider.diff("dep-1", deploymentState(), deploymentInputs());
    expect(diff.replaces).toEqual(["expiresAt"]);
  });
});
