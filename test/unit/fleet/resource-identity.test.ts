import * as pulumi from "@pulumi/pulumi";
import { RecorderDeployment } from "../../../provider/src/recorder-deployment";
import { RecorderFleet } from "../../../provider/src/recorder-fleet";
import {
  drainPulumiMocks,
  installPulumiMocks,
  MockedResource,
  outputValue,
} from "../../helpers/unit-pulumi-mocks";

const ARGS = { domain: "meet.example.com", recorders: 1, duration: 1, location: "lon" } as const;
const TYPE = RecorderDeployment.TYPE;
/** The mock engine's stack: no organization, project `unit-project`, stack `unit-stack`. */
const STACK = "/unit-project/unit-stack";

describe("the __jodIdentity input of a RecorderDeployment", () => {
  afterAll(() => drainPulumiMocks());
  const identityOf = (name: string) =>
    resources.find((resource) => resource.name === name)?.inputs.__jodIdentity;
  let resources: MockedResource[];
  beforeAll(async () => {
    resources = await installPulumiMocks();
    new RecorderDeployment("rec", ARGS);
    const outer = new pulumi.ComponentResource("test:index:Group", "outer");
    const inner = new pulumi.ComponentResource("test:index:Group", "inner", {}, { parent: outer });
    new RecorderDeployment("nested", ARGS, { parent: inner });
    await outputValue(new RecorderFleet("fleet", { ...ARGS, recorders: { lon: 1 } }).allIps);
  });

  it("names the stack and the resource", () => {
    expect(identityOf("rec")).toBe(`${STACK}|${TYPE}::rec`);
  });

  it("names a fleet's deployment after the fleet too", () => {
    expect(identityOf("fleet-lon")).toBe(
      `${STACK}|jod:index:RecorderFleet::fleet|${TYPE}::fleet-lon`,
    );
  });

  it("names every parent, outermost first", () => {
    expect(identityOf("nested")).toBe(
      `${STACK}|test:index:Group::outer|test:index:Group::inner|${TYPE}::nested`,
    );
  });
});
