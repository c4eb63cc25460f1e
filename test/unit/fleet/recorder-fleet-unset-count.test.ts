import { RecorderDeployment } from "../../../provider/src/recorder-deployment";
import { RecorderFleet } from "../../../provider/src/recorder-fleet";
import {
  drainPulumiMocks,
  installPulumiMocks,
  MockedResource,
  outputValue,
} from "../../helpers/unit-pulumi-mocks";

describe("RecorderFleet with a location whose count is undefined", () => {
  let resources: MockedResource[];
  beforeAll(async () => {
    resources = await installPulumiMocks();
  });
  afterAll(() => drainPulumiMocks());

  // `recorders` is a Partial record and an absent location has no deployment, so a count read
  // from optional config (`{ nyc: config.getNumber("nyc") }`) that is unset counts as absent.
  it("treats it as absent: no deployment there, and no error", async () => {
    const fleet = new RecorderFleet("partial", {
      domain: "meet.example.com",
      duration: 1,
      recorders: { lon: 1, nyc: undefined },
    });
    await outputValue(fleet.allIps);
    expect(fleet.totalRecorders).toBe(1);
    expect(
      resources
        .filter((resource) => resource.type === RecorderDeployment.TYPE)
        .map((resource) => resource.name),
    ).toEqual(["partial-lon"]);
  });
});
