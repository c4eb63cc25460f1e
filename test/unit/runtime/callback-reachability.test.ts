import { unreachableCallbackReason } from "../../../provider/src/settings";
import {
  configuredEnv,
  createUnitProvider,
  deploymentInputs,
} from "../../helpers/unit-provider-harness";
import { unitSettings } from "../../helpers/unit-settings";

describe("a callback URL JOD cannot reach is refused before paying", () => {
  it.each([
    ["no callback URL with the real JOD", {}, undefined],
    ["a loopback callback URL", { callbackUrl: "http://127.0.0.1:8080" }, undefined],
    ["localhost as the input", {}, "http://localhost:9000"],
    ["IPv6 loopback", { callbackUrl: "http://[::1]:8080" }, undefined],
  ])("%s", (_name, overrides, input) => {
    expect(unreachableCallbackReason(unitSettings(overrides), input)).toMatch(
      /JOD at https:\/\/api\.jod\.sh would be asked to call back an address it cannot reach/,
    );
  });

  it.each([
    ["a public callback URL", { callbackUrl: "https://hooks.example.com/jod" }, undefined],
    [
      "a public input over a loopback config",
      { callbackUrl: "http://127.0.0.1" },
      "https://h.example.com",
    ],
    ["JOD on this machine (the emulator)", { endpoint: "http://127.0.0.1:8787" }, undefined],
  ])("accepts %s", (_name, overrides, input) => {
    expect(unreachableCallbackReason(unitSettings(overrides), input)).toBeUndefined();
  });

  it("fails check with the config key named, and only once the inputs are valid", async () => {
    const { provider } = createUnitProvider({
      env: { ...configuredEnv(), JOD_ENDPOINT: "https://api.jod.sh" },
    });
    const { failures } = await provider.check({}, deploymentInputs());
    expect(failures).toEqual([
      { property: "", reason: expect.stringMatching(/^jod:callbackUrl is not set/) },
    ]);
    const invalid = await provider.check({}, { ...deploymentInputs(), recorders: 0 });
    expect(invalid.failures?.map((failure) => failure.property)).toEqual(["recorders"]);
  });
});
