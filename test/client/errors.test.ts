import { JodError, JodRequestError, MAY_HAVE_DEPLOYED_ADVICE } from "../../provider/src/errors";
import { expectNoApiKey } from "../helpers/scripted-key-scan";

const cause = new Error("underlying");

describe.each<[string, JodError, { code: string; status?: number; mayHaveDeployed: boolean }]>([
  [
    "JodRequestError",
    new JodRequestError("UNAUTHORIZED", { status: 401 }),
    { code: "UNAUTHORIZED", status: 401, mayHaveDeployed: false },
  ],
  [
    "JodRequestError",
    new JodRequestError("INSUFFICIENT_BALANCE", { status: 402 }),
    { code: "INSUFFICIENT_BALANCE", status: 402, mayHaveDeployed: false },
  ],
  [
    "JodRequestError",
    new JodRequestError("INCOMPLETE_CONFIGURATION", { status: 406, domain: "meet.example.com" }),
    { code: "INCOMPLETE_CONFIGURATION", status: 406, mayHaveDeployed: false },
  ],
  [
    "JodRequestError",
    new JodRequestError("SERVER_ERROR", { status: 500 }),
    { code: "SERVER_ERROR", status: 500, mayHaveDeployed: true },
  ],
  [
    "JodRequestError",
    new JodRequestError("SERVICE_UNAVAILABLE", { status: 503, attempts: 4 }),
    { code: "SERVICE_UNAVAILABLE", status: 503, mayHaveDeployed: false },
  ],
  [
    "JodRequestError",
    new JodRequestError("DEPLOYMENT_REJECTED", { status: 200, jodMessage: "no" }),
    { code: "DEPLOYMENT_REJECTED", status: 200, mayHaveDeployed: false },
  ],
  [
    "JodRequestError",
    new JodRequestError("INVALID_RESPONSE", { status: 200, problem: "the body is not JSON" }),
    { code: "INVALID_RESPONSE", status: 200, mayHaveDeployed: true },
  ],
  [
    "JodRequestError",
    new JodRequestError("TIMEOUT", { timeoutMs: 10, host: "api.jod.sh", cause }),
    { code: "TIMEOUT", mayHaveDeployed: true },
  ],
  [
    "JodRequestError",
    new JodRequestError("CONNECTION_FAILED", {
      host: "api.jod.sh",
      reason: "ENOTFOUND",
      attempts: 4,
      cause,
    }),
    { code: "CONNECTION_FAILED", mayHaveDeployed: false },
  ],
  [
    "JodRequestError",
    new JodRequestError("CONNECTION_LOST", { host: "api.jod.sh", reason: "ECONNRESET", cause }),
    { code: "CONNECTION_LOST", mayHaveDeployed: true },
  ],
])("%s", (name, error, expected) => {
  it(`${expected.code}: is a JodError and an Error with its class name, code, status and mayHaveDeployed`, () => {
    expect(error).toBeInstanceOf(JodError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(String(error)).toMatch(new RegExp(`^${name}: `));
    expect(error).toMatchObject(expected);
    expect(error.status).toBe(expected.status);
  });

  it(`${expected.code}: ${expected.mayHaveDeployed ? "tells" : "does not tell"} how to check for a deployment`, () => {
    expect(error.message.includes(MAY_HAVE_DEPLOYED_ADVICE)).toBe(expected.mayHaveDeployed);
  });

  it(`${expected.code}: has a stack`, () => {
    expect(error.stack).toContain(name);
  });
});

describe("error details", () => {
  it("keeps the cause", () => {
    expect(new JodRequestError("CONNECTION_LOST", { host: "h", reason: "r", cause }).cause).toBe(
      cause,
    );
    expect(new JodRequestError("SERVER_ERROR", { status: 500 })).not.toHaveProperty("cause");
  });

  it("includes what JOD said", () => {
    const error = new JodRequestError("INSUFFICIENT_BALANCE", {
      status: 402,
      jodMessage: "balance is 0.20",
    });
    expect(error.jodMessage).toBe("balance is 0.20");
    expect(error.message).toContain('JOD said: "balance is 0.20"');
  });

  it("names the domain whose configuration is incomplete", () => {
    const error = new JodRequestError("INCOMPLETE_CONFIGURATION", {
      status: 406,
      domain: "meet.example.com",
    });
    expect(error.message).toContain('"meet.example.com"');
  });

  it.each([
    [200, true],
    [201, true],
    [301, false],
    [400, false],
    [404, false],
    [500, true],
    [502, true],
    // JOD's own 503 is SERVICE_UNAVAILABLE; an unusable one is a proxy's, or broke mid-body.
    [503, true],
    [504, true],
  ])("an invalid response with HTTP %i has mayHaveDeployed %p", (status, expected) => {
    const error = new JodRequestError("INVALID_RESPONSE", { status, problem: "odd" });
    expect(error.mayHaveDeployed).toBe(expected);
  });

  it("reports the number of attempts in words that read well", () => {
    expect(
      new JodRequestError("SERVICE_UNAVAILABLE", { status: 503, attempts: 1 }).message,
    ).toContain("after 1 attempt,");
    expect(
      new JodRequestError("CONNECTION_FAILED", { host: "h", reason: "ECONNREFUSED", attempts: 4 })
        .message,
    ).toContain("after 4 attempts");
  });

  it("has no key anywhere when built without one", () => {
    expectNoApiKey(
      new JodRequestError("UNAUTHORIZED", { status: 401, jodMessage: "invalid API Key" }),
    );
  });
});
