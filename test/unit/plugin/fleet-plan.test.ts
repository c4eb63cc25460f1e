import { UNKNOWN_VALUE } from "../../../provider/src/runtime/recorder-deployment-provider";
import { fleetOutputs, planFleet } from "../../../provider/src/plugin/fleet-plan";

// The plugin's RecorderFleet plans its deployments with the TypeScript fleet's rules, and
// computes the same outputs from theirs (unknown in a preview until the deployments exist).
const inputs = { domain: "meet.example.com", duration: 3, recorders: { lon: 2, ams: 1, nyc: 0 } };

describe("planFleet", () => {
  it("plans one deployment per location with a count above zero, in JOD's location order", () => {
    const plan = planFleet("fleet", { ...inputs, timeoutSeconds: 60 });
    expect(plan.deployments).toEqual([
      {
        location: "lon",
        name: "fleet-lon",
        inputs: {
          domain: "meet.example.com",
          duration: 3,
          timeoutSeconds: 60,
          recorders: 2,
          location: "lon",
        },
      },
      {
        location: "ams",
        name: "fleet-ams",
        inputs: {
          domain: "meet.example.com",
          duration: 3,
          timeoutSeconds: 60,
          recorders: 1,
          location: "ams",
        },
      },
    ]);
    expect(plan).toMatchObject({ totalRecorders: 3, hours: 3 });
  });

  it("leaves the hours unknown while the duration is", () => {
    expect(planFleet("fleet", { ...inputs, duration: UNKNOWN_VALUE }).hours).toBeUndefined();
  });

  it.each([
    [{ lon: 2, xyz: 1 }, "RecorderFleet fleet: recorders.xyz is not a JOD location; use one of"],
    [
      { lon: -1 },
      "RecorderFleet fleet: recorders.lon must be a whole number from 0 to 10000, got -1",
    ],
    [
      { lon: 1.5, ams: 20000 },
      "recorders.lon must be a whole number from 0 to 10000, got 1.5; recorders.ams",
    ],
    [UNKNOWN_VALUE, "RecorderFleet fleet: recorders must be a map of location to count"],
    [[2], "RecorderFleet fleet: recorders must be a map of location to count"],
  ])("refuses recorders %j, naming the entry", (recorders, message) => {
    expect(() => planFleet("fleet", { ...inputs, recorders })).toThrow(message);
  });
});

describe("fleetOutputs", () => {
  const plan = planFleet("fleet", inputs);
  const ready = (location: "lon" | "ams", ips: string[], balance: number) => ({
    location,
    urn: `urn:${location}`,
    id: `dep-${location}`,
    outputs: { status: "ready", recorderIps: ips, balance, expiresAt: `${location}-expiry` },
  });

  it("gathers the deployments' outputs by location", () => {
    const outputs = fleetOutputs(
      plan,
      [ready("lon", ["192.0.2.1", "192.0.2.2"], 90), ready("ams", ["192.0.2.3"], 88)],
      "0.2.0",
    );
    expect(outputs).toMatchObject({
      ipsByLocation: { lon: ["192.0.2.1", "192.0.2.2"], ams: ["192.0.2.3"] },
      allIps: ["192.0.2.1", "192.0.2.2", "192.0.2.3"],
      totalRecorders: 3,
      totalRecorderHours: 9,
      balance: 88,
      expiresAtByLocation: { lon: "lon-expiry", ams: "ams-expiry" },
    });
    expect(
      (outputs.deployments as { urn: string; id: string }[]).map((d) => [d.urn, d.id]),
    ).toEqual([
      ["urn:lon", "dep-lon"],
      ["urn:ams", "dep-ams"],
    ]);
  });

  it("in a preview, knows the totals and leaves what the deployments report unknown", () => {
    const planned = plan.deployments.map(({ location, inputs: given }) => ({
      location,
      urn: `urn:${location}`,
      id: "",
      outputs: given,
    }));
    expect(fleetOutputs(plan, planned, "0.2.0")).toMatchObject({
      ipsByLocation: UNKNOWN_VALUE,
      allIps: UNKNOWN_VALUE,
      totalRecorders: 3,
      totalRecorderHours: 9,
      balance: UNKNOWN_VALUE,
      expiresAtByLocation: UNKNOWN_VALUE,
    });
  });
});
