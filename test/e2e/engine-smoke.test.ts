import * as pulumi from "@pulumi/pulumi";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { PulumiTestStack } from "../helpers/pulumi-test-stack";

jest.setTimeout(180_000);

// A dynamic resource with nothing of pulumi-jod in it: proves the engine, the CLI and the
// dynamic-provider plugin work together before anything else is tested on them.
const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `echo-${inputs.word}`, outs: { word: inputs.word } };
  },
};

class Echo extends pulumi.dynamic.Resource {
  declare readonly word: pulumi.Output<string>;
  constructor(name: string, word: string) {
    super(echoProvider, name, { word }, undefined, "smoke", "Echo");
  }
}

const program = async () => {
  const echo = new Echo("hello", "hi");
  return { id: echo.id, word: echo.word };
};

describe("the real Pulumi engine", () => {
  let stack: PulumiTestStack;

  beforeAll(async () => {
    const cli = await PulumiCommand.get();
    console.log(`Pulumi CLI ${cli.version?.toString()} at ${cli.command}`);
    stack = await PulumiTestStack.create({ program });
  });
  afterAll(async () => stack?.remove());

  it("previews one create, creates it, then previews no changes, then destroys it", async () => {
    const firstPreview = await stack.preview();
    expect(firstPreview.changeSummary).toEqual({ create: 2 }); // the stack and Echo
    expect(
      firstPreview.steps.filter((step) => step.type === "pulumi-nodejs:dynamic/smoke:Echo"),
    ).toHaveLength(1);

    const up = await stack.up();
    expect(up.changeSummary).toEqual({ create: 2 });
    expect(up.outputs).toEqual({ id: "echo-hi", word: "hi" });

    const secondPreview = await stack.preview();
    expect(secondPreview.changeSummary).toEqual({ same: 2 });

    const destroy = await stack.destroy();
    expect(destroy.changeSummary).toEqual({ delete: 2 });
    expect(await stack.resourcesOfType("pulumi-nodejs:dynamic/smoke:Echo")).toEqual([]);
  });
});
