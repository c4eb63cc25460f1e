import * as pulumi from "@pulumi/pulumi";
import { RecorderDeployment } from "../../../provider/src/recorder-deployment";
import {
  drainPulumiMocks,
  installPulumiMocks,
  MockedResource,
} from "../../helpers/unit-pulumi-mocks";

const ARGS = { domain: "meet.example.com", recorders: 1, duration: 1, location: "lon" } as const;

describe("RecorderDeployment and the jod:apiKey config", () => {
  afterAll(() => drainPulumiMocks());
  let resources: MockedResource[];
  beforeEach(async () => {
    resources = await installPulumiMocks();
  });

  it("refuses a plain-text jod:apiKey before registering anything", () => {
    pulumi.runtime.setAllConfig({ "jod:apiKey": "JOD-plain-text-key" }, []);
    const create = () => new RecorderDeployment("plain", ARGS);
    expect(create).toThrow(pulumi.RunError);
    expect(create).toThrow(
      "jod:apiKey is set in plain text, so Pulumi would store it unencrypted in the stack's " +
        "state. Set it as a secret: pulumi config set --secret jod:apiKey <key>",
    );
    expect(resources).toEqual([]);
  });

  it("accepts a secret jod:apiKey", () => {
    pulumi.runtime.setAllConfig({ "jod:apiKey": "JOD-secret-key" }, ["jod:apiKey"]);
    expect(() => new RecorderDeployment("secret", ARGS)).not.toThrow();
  });

  it("accepts a stack without jod:apiKey (the environment may provide it)", () => {
    pulumi.runtime.setAllConfig({}, []);
    expect(() => new RecorderDeployment("unset", ARGS)).not.toThrow();
  });
});
