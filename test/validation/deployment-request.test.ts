import { JodValidationError } from "../../provider/src/errors";
import {
  validateDeploymentRequest,
  type DeploymentRequestInput,
} from "../../provider/src/validation";

const VALID = {
  domain: "meet.example.com",
  recorders: 2,
  duration: 3,
  location: "lon",
  callbackUrl: "https://example.com/jod-callback",
};

describe("validateDeploymentRequest", () => {
  it("returns no failures for a valid request", () => {
    expect(validateDeploymentRequest(VALID)).toEqual([]);
  });

  it.each<[string, DeploymentRequestInput, string[]]>([
    ["a bad domain", { ...VALID, domain: "https://x" }, ["domain"]],
    ["recorders as a string", { ...VALID, recorders: "2" }, ["recorders"]],
    ["a fractional duration", { ...VALID, duration: 1.5 }, ["duration"]],
    ["an unknown location", { ...VALID, location: "paris" }, ["location"]],
    [
      "a callback URL with a password",
      { ...VALID, callbackUrl: "https://u:p@x.com/cb" },
      ["callbackUrl"],
    ],
    ["two bad fields", { ...VALID, recorders: 0, duration: 0 }, ["recorders", "duration"]],
    ["an empty object", {}, ["domain", "recorders", "duration", "location", "callbackUrl"]],
    [
      "every field of the wrong type",
      { domain: 1, recorders: "1", duration: null, location: 2, callbackUrl: [] },
      ["domain", "recorders", "duration", "location", "callbackUrl"],
    ],
  ])("reports %s under the exact property names", (_name, request, properties) => {
    const failures = validateDeploymentRequest(request);
    expect(failures.map((failure) => failure.property)).toEqual(properties);
    for (const failure of failures) expect(failure.reason).toMatch(/^must be /);
  });

  it("ignores properties it does not know", () => {
    expect(
      validateDeploymentRequest({ ...VALID, apiKey: "", extra: 1 } as DeploymentRequestInput),
    ).toEqual([]);
  });

  it.each([null, undefined, "request", 42])("reports %p as not an object", (request) => {
    expect(validateDeploymentRequest(request as unknown as DeploymentRequestInput)).toEqual([
      {
        property: "request",
        reason: "must be an object with domain, recorders, duration, location and callbackUrl",
      },
    ]);
  });
});

describe("JodValidationError of a deployment request's failures", () => {
  it("lists every failure, in the order they were checked", () => {
    const failures = validateDeploymentRequest({ ...VALID, recorders: 10_001, location: "mars" });
    const error = new JodValidationError(failures);
    expect(error).toBeInstanceOf(JodValidationError);
    expect(error).toMatchObject({ code: "INVALID_INPUT", mayHaveDeployed: false });
    expect(error.failures.map((failure) => failure.property)).toEqual(["recorders", "location"]);
    expect(error.message).toMatch(
      /^Invalid deployment request: recorders must be an integer from 1 to 10000, got 10001; location must be one of nyc \(New York/,
    );
  });
});
