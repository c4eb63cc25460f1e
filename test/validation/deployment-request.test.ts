import { JodValidationError } from "../../provider/src/errors";
import {
  assertValidDeploymentRequest,
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

describe("assertValidDeploymentRequest", () => {
  it("returns for a valid request and narrows its type", () => {
    const input: DeploymentRequestInput = { ...VALID };
    assertValidDeploymentRequest(input);
    const recorders: number = input.recorders;
    expect(recorders).toBe(2);
  });

  it("throws JodValidationError listing every failure", () => {
    let thrown: unknown;
    try {
      assertValidDeploymentRequest({ ...VALID, recorders: 101, location: "mars" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(JodValidationError);
    const error = thrown as JodValidationError;
    expect(error).toMatchObject({ code: "INVALID_INPUT", mayHaveDeployed: false });
    expect(error.failures.map((failure) => failure.property)).toEqual(["recorders", "location"]);
    expect(error.message).toMatch(
      /^Invalid deployment request: recorders must be an integer from 1 to 100 .*, got 101; location must be one of nyc \(New York/,
    );
  });
});
