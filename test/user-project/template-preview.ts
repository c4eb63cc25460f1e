// Copied into the project `pulumi new` generated from templates/jod-recorders: previews the
// generated program (compiled to bin/) with the stack config the outer test passes, which is
// what it gave `pulumi new` as the prompted values: recorders {"lon": 2, "ams": 1}.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";

jest.setTimeout(180_000);

test("previews one deployment per location the prompts asked for", async () => {
  const projectDir = path.join(__dirname, "..");
  const workDir = path.join(projectDir, "stack");
  mkdirSync(path.join(workDir, "state"), { recursive: true });
  const projectName = process.env.TEMPLATE_PROJECT_NAME!;
  const stack = await LocalWorkspace.createStack(
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated program
    { projectName, stackName: "test", program: async () => require(path.join(projectDir, "bin")) },
    {
      workDir,
      projectSettings: {
        name: projectName,
        runtime: "nodejs",
        backend: { url: `file://${path.join(workDir, "state")}` },
      },
      envVars: { PULUMI_CONFIG_PASSPHRASE: "test-only" },
    },
  );
  await stack.setAllConfig(JSON.parse(process.env.TEMPLATE_STACK_CONFIG!));
  const creates: string[] = [];
  const preview = await stack.preview({
    onEvent: (event) => {
      const step = event.resourcePreEvent?.metadata;
      if (step?.op === "create") creates.push(`${step.type} ${step.urn.split("::").pop()}`);
    },
  });
  expect(creates.sort()).toEqual([
    "jod:index:RecorderFleet recorders",
    "pulumi-nodejs:dynamic/jod:RecorderDeployment recorders-ams",
    "pulumi-nodejs:dynamic/jod:RecorderDeployment recorders-lon",
    "pulumi:providers:pulumi-nodejs default",
    `pulumi:pulumi:Stack ${projectName}-test`,
  ]);
  expect(preview.changeSummary).toEqual({ create: 4 });
});
