import { lstatSync } from "node:fs";
import path from "node:path";
import type * as jodTypes from "pulumi-jod";
import type { RunningEmulator } from "../../emulator/src";
import { createInstalledPackageProject } from "../helpers/installed-package-project";
import { jodConfig, startTestEmulator, TEST_DOMAIN } from "../helpers/jod-test-setup";
import { PulumiTestStack } from "../helpers/pulumi-test-stack";

jest.setTimeout(180_000);

describe("pulumi-jod installed from its packed tarball", () => {
  let emulator: RunningEmulator;
  let project: ReturnType<typeof createInstalledPackageProject>;
  let stack: PulumiTestStack;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    project = createInstalledPackageProject();
    const installed = path.join(project.dir, "node_modules", "pulumi-jod");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed copy, by path
    const jod: typeof jodTypes = require(installed);
    const program = async () => {
      const deployment = new jod.RecorderDeployment("rec", {
        domain: TEST_DOMAIN,
        recorders: 1,
        duration: 1,
        location: "tor",
      });
      return { ips: deployment.recorderIps };
    };
    stack = await PulumiTestStack.create({
      program,
      config: jodConfig(emulator),
      workDir: project.dir,
    });
  });
  afterAll(async () => {
    await stack?.remove();
    project?.remove();
    await emulator?.close();
  });

  it("deploys, refreshes and destroys with the provider loaded from node_modules", async () => {
    expect(lstatSync(path.join(project.dir, "node_modules", "pulumi-jod")).isSymbolicLink()).toBe(
      false,
    );
    const up = await stack.up();
    expect(up.outputs.ips).toHaveLength(1);
    const refresh = await stack.refresh();
    expect(refresh.changeSummary).toEqual({ same: 2 });
    const destroy = await stack.destroy();
    expect(destroy.output).toContain("keep running (already paid)");
    expect(emulator.deployments()).toHaveLength(1);
  });
});
