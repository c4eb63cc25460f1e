import type { Location } from "../../../provider/src/locations";
import { RecorderDeployment } from "../../../provider/src/recorder-deployment";
import { RecorderFleet } from "../../../provider/src/recorder-fleet";
import {
  drainPulumiMocks,
  installPulumiMocks,
  MockedResource,
  outputValue,
} from "../../helpers/unit-pulumi-mocks";

const BASE = { domain: "meet.example.com", duration: 1 };

/** What the mock engine reports per location, as a deployment's outputs. */
const REPORTED: Record<string, { recorderIps: string[]; balance?: number }> = {
  lon: { recorderIps: ["203.0.113.1", "203.0.113.2"], balance: 40 },
  nyc: { recorderIps: ["198.51.100.1"], balance: 25.5 },
  sgp: { recorderIps: ["192.0.2.9"] },
};

describe("RecorderFleet children", () => {
  afterAll(() => drainPulumiMocks());
  let resources: MockedResource[];
  let fleet: RecorderFleet;
  beforeAll(async () => {
    resources = await installPulumiMocks();
    fleet = new RecorderFleet("fleet", {
      domain: "meet.example.com",
      duration: 4,
      recorders: { lon: 2, nyc: 0, blr: 1 },
      timeoutSeconds: 120,
      callbackUrl: "https://callbacks.example.com",
    });
    await outputValue(fleet.allIps);
  });

  it("creates one RecorderDeployment per location with recorders, named after it", () => {
    const deployments = resources.filter((resource) => resource.type === RecorderDeployment.TYPE);
    expect(deployments.map((resource) => resource.name).sort()).toEqual(["fleet-blr", "fleet-lon"]);
    expect(Object.keys(fleet.deployments).sort()).toEqual(["blr", "lon"]);
  });

  it("passes each deployment its count and the fleet's settings", () => {
    const lon = resources.find((resource) => resource.name === "fleet-lon");
    expect(lon?.inputs).toMatchObject({
      domain: "meet.example.com",
      recorders: 2,
      duration: 4,
      location: "lon",
      timeoutSeconds: 120,
      callbackUrl: "https://callbacks.example.com",
    });
  });

  it("registers itself as a jod:index:RecorderFleet component", () => {
    expect(resources).toContainEqual(
      expect.objectContaining({ type: "jod:index:RecorderFleet", name: "fleet" }),
    );
  });

  it("parents the deployments to the fleet", async () => {
    const urn = await outputValue(fleet.deployments.lon!.urn);
    expect(urn).toBe(
      "urn:pulumi:unit-stack::unit-project::jod:index:RecorderFleet$" +
        "pulumi-nodejs:dynamic/jod:RecorderDeployment::fleet-lon",
    );
  });
});

describe("RecorderFleet outputs", () => {
  afterAll(() => drainPulumiMocks());
  let fleet: RecorderFleet;
  beforeAll(async () => {
    await installPulumiMocks((_name, inputs) => ({
      ...REPORTED[inputs.location as string],
      expiresAt: `2030-01-01T0${inputs.duration}:00:00.000Z`,
    }));
    fleet = new RecorderFleet("fleet", {
      domain: "meet.example.com",
      duration: 4,
      recorders: { sgp: 1, lon: 2, nyc: 1, fra: 0 },
    });
  });

  it("groups recorder IPs by location", async () => {
    expect(await outputValue(fleet.ipsByLocation)).toEqual({
      nyc: ["198.51.100.1"],
      lon: ["203.0.113.1", "203.0.113.2"],
      sgp: ["192.0.2.9"],
    });
  });

  it("lists every recorder IP", async () => {
    expect((await outputValue(fleet.allIps)).sort()).toEqual([
      "192.0.2.9",
      "198.51.100.1",
      "203.0.113.1",
      "203.0.113.2",
    ]);
  });

  it("counts the recorders", () => {
    expect(fleet.totalRecorders).toBe(4);
  });

  it("reports the lowest balance any deployment reported", async () => {
    expect(await outputValue(fleet.balance)).toBe(25.5);
  });

  it("tells when each location's recorders stop", async () => {
    expect(await outputValue(fleet.expiresAtByLocation)).toEqual({
      nyc: "2030-01-01T04:00:00.000Z",
      lon: "2030-01-01T04:00:00.000Z",
      sgp: "2030-01-01T04:00:00.000Z",
    });
  });
});

describe("RecorderFleet with no recorders anywhere", () => {
  afterAll(() => drainPulumiMocks());
  let resources: MockedResource[];
  beforeAll(async () => {
    resources = await installPulumiMocks();
  });

  it("creates no deployment and reports empty outputs", async () => {
    const fleet = new RecorderFleet("idle", {
      domain: "meet.example.com",
      duration: 1,
      recorders: { lon: 0 },
    });
    expect(await outputValue(fleet.allIps)).toEqual([]);
    expect(await outputValue(fleet.ipsByLocation)).toEqual({});
    expect(await outputValue(fleet.balance)).toBeUndefined();
    expect(fleet.totalRecorders).toBe(0);
    expect(resources.map((resource) => resource.type)).toEqual(["jod:index:RecorderFleet"]);
  });
});

describe("RecorderFleet refuses recorder counts it cannot deploy", () => {
  afterAll(() => drainPulumiMocks());
  let resources: MockedResource[];
  beforeAll(async () => {
    resources = await installPulumiMocks();
  });

  it("throws on an unknown location, listing the known ones", () => {
    const recorders = { paris: 1 } as unknown as Partial<Record<Location, number>>;
    expect(() => new RecorderFleet("bad-location", { ...BASE, recorders })).toThrow(
      "RecorderFleet bad-location: recorders.paris is not a JOD location; use one of " +
        "nyc, lon, ams, fra, tor, sgp, blr, sfo",
    );
  });

  it.each([
    ["a negative count", -1],
    ["a fractional count", 1.5],
    ["NaN", Number.NaN],
    ["more than JOD deploys at once", 10_001],
  ])("throws on %s", (_name, count) => {
    expect(() => new RecorderFleet("bad-count", { ...BASE, recorders: { lon: count } })).toThrow(
      `RecorderFleet bad-count: recorders.lon must be a whole number from 0 to 10000, got ${count}`,
    );
  });

  it("registers no deployment when a later location is bad", async () => {
    const recorders = { lon: 1, nyc: -1 };
    expect(() => new RecorderFleet("half-bad", { ...BASE, recorders })).toThrow("recorders.nyc");
    await drainPulumiMocks(); // registrations reach the mock engine asynchronously
    expect(resources.filter((resource) => resource.type === RecorderDeployment.TYPE)).toEqual([]);
  });
});
