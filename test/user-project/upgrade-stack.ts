// Copied into a user project by the upgrade e2e test (beside the two phase tests): the stack
// both phases use, in the project folder, against the emulator the outer test runs.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import * as jod from "pulumi-jod";

export async function upgradeStack(): Promise<Stack> {
  const workDir = path.join(__dirname, "..", "stack");
  mkdirSync(path.join(workDir, "state"), { recursive: true });
  const program = async () => {
    const recorders = new jod.RecorderDeployment("lon", {
      domain: "meet.example.com",
      recorders: 1,
      duration: 1,
      location: "lon",
    });
    return { ips: recorders.recorderIps };
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: "upgrade-test", stackName: "test", program },
    {
      workDir,
      projectSettings: {
        name: "upgrade-test",
        runtime: "nodejs",
        backend: { url: `file://${path.join(workDir, "state")}` },
      },
      envVars: { PULUMI_CONFIG_PASSPHRASE: "test-only" },
    },
  );
  await stack.setAllConfig({
    "jod:apiKey": { value: process.env.UPGRADE_TEST_API_KEY!, secret: true },
    "jod:endpoint": { value: process.env.UPGRADE_TEST_ENDPOINT! },
  });
  return stack;
}
