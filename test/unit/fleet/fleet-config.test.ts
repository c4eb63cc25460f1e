import * as pulumi from "@pulumi/pulumi";
import { fleetArgsFromConfig } from "../../../provider/src/fleet-config";

describe("fleetArgsFromConfig with valid config", () => {
  it("reads domain, duration, recorders per location and timeoutSeconds", () => {
    pulumi.runtime.setAllConfig({
      "fleet:domain": "meet.example.com",
      "fleet:duration": "4",
      "fleet:recorders": JSON.stringify({ lon: 2, blr: "1", nyc: 0 }),
      "fleet:timeoutSeconds": "120",
    });
    expect(fleetArgsFromConfig(new pulumi.Config("fleet"))).toEqual({
      domain: "meet.example.com",
      duration: 4,
      recorders: { lon: 2, blr: 1, nyc: 0 },
      timeoutSeconds: 120,
    });
  });

  it("leaves timeoutSeconds out when it is not set", () => {
    pulumi.runtime.setAllConfig({
      "fleet:domain": "meet.example.com",
      "fleet:duration": "1",
      "fleet:recorders": JSON.stringify({ sfo: 1 }),
    });
    const args = fleetArgsFromConfig(new pulumi.Config("fleet"));
    expect(args).not.toHaveProperty("timeoutSeconds");
    expect(args.recorders).toEqual({ sfo: 1 });
  });
});

const VALID = {
  "fleet:domain": "meet.example.com",
  "fleet:duration": "4",
  "fleet:recorders": JSON.stringify({ lon: 2 }),
};

/** The message fleetArgsFromConfig throws for this config, or fails if it does not throw. */
function problemsWith(config: Record<string, string>): string {
  pulumi.runtime.setAllConfig(config);
  try {
    fleetArgsFromConfig(new pulumi.Config("fleet"));
  } catch (error) {
    expect(error).toBeInstanceOf(pulumi.RunError);
    return (error as Error).message;
  }
  throw new Error("Expected fleetArgsFromConfig to throw.");
}

/** The bullet lines of the message, one per problem. */
function bullets(message: string): string[] {
  return message
    .split("\n")
    .filter((line) => line.startsWith("  - "))
    .map((line) => line.slice(4));
}

describe("fleetArgsFromConfig with missing or invalid config", () => {
  it.each([
    ["domain", { "fleet:domain": undefined }, /^fleet:domain is required$/],
    ["domain", { "fleet:domain": "https://meet.example.com" }, /^fleet:domain must be a hostname/],
    ["duration", { "fleet:duration": undefined }, /^fleet:duration is required: how many hours/],
    ["duration", { "fleet:duration": "four" }, /^fleet:duration must be .* \(got "four"\)$/],
    ["duration", { "fleet:duration": "" }, /^fleet:duration must be .* \(got ""\)$/],
    ["duration", { "fleet:duration": "0.5" }, /^fleet:duration must be /],
    ["timeoutSeconds", { "fleet:timeoutSeconds": "0" }, /^fleet:timeoutSeconds must be /],
    ["recorders", { "fleet:recorders": undefined }, /^fleet:recorders is required: /],
    ["recorders", { "fleet:recorders": "{lon: 2" }, /^fleet:recorders must be a map of location/],
    ["recorders", { "fleet:recorders": "[2]" }, /^fleet:recorders must be a map of location/],
    ["recorders", { "fleet:recorders": "2" }, /^fleet:recorders must be a map of location/],
    [
      "recorders",
      { "fleet:recorders": '{"paris":1}' },
      /^fleet:recorders\.paris is not a JOD location; use one of nyc, lon,/,
    ],
    [
      "recorders",
      { "fleet:recorders": '{"lon":-1}' },
      /^fleet:recorders\.lon must be a whole number from 0 to 10000, got -1$/,
    ],
    [
      "recorders",
      { "fleet:recorders": '{"lon":1.5}' },
      /^fleet:recorders\.lon must be a whole number/,
    ],
    [
      "recorders",
      { "fleet:recorders": '{"lon":10001}' },
      /^fleet:recorders\.lon must be a whole number/,
    ],
    [
      "recorders",
      { "fleet:recorders": '{"lon":"two"}' },
      /^fleet:recorders\.lon must be a whole number.*got "two"$/,
    ],
    [
      "recorders",
      { "fleet:recorders": '{"lon":true}' },
      /^fleet:recorders\.lon must be a whole number/,
    ],
  ])("names %s in the problem (%j)", (_key, change, expected) => {
    const config: Record<string, string> = { ...VALID };
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) delete config[key];
      else config[key] = value;
    }
    const problems = bullets(problemsWith(config));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it("reports every problem at once, with an example of how to set the config", () => {
    const message = problemsWith({
      "fleet:domain": "not a domain",
      "fleet:timeoutSeconds": "-5",
      "fleet:recorders": '{"paris":1,"lon":-2}',
    });
    expect(message.startsWith("Stack config is incomplete or invalid:\n")).toBe(true);
    expect(bullets(message).map((problem) => problem.split(" ")[0])).toEqual([
      "fleet:domain",
      "fleet:duration",
      "fleet:timeoutSeconds",
      "fleet:recorders.paris",
      "fleet:recorders.lon",
    ]);
    expect(message).toContain("pulumi config set --path 'recorders.lon' 2");
  });
});
