import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { RecorderDeployment } from "pulumi-jod";
import type { RunningEmulator } from "../../emulator/src";
import {
  jodConfig,
  PRICE_PER_RECORDER_HOUR,
  startTestEmulator,
  TEST_BALANCE,
  TEST_DOMAIN,
} from "../helpers/jod-test-setup";
import { PulumiTestStack } from "../helpers/pulumi-test-stack";
import { exampleProject } from "./example-project";

jest.setTimeout(300_000);

const example = exampleProject("fleet-from-config");

/** What the committed examples/fleet-from-config/Pulumi.dev.yaml declares. */
const DECLARED = { domain: TEST_DOMAIN, duration: 2, recorders: { ams: 1, lon: 2 } };

describe("examples/fleet-from-config with its Pulumi.dev.yaml, on the real engine", () => {
  let emulator: RunningEmulator;
  let stack: PulumiTestStack;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    // The test stack is named "test", so the committed dev config becomes Pulumi.test.yaml in
    // a scratch project folder (the stack gets its own backend; the example folder stays clean).
    const workDir = path.resolve(
      __dirname,
      "../../.cache/e2e",
      `fleet-from-config-${randomBytes(4).toString("hex")}`,
    );
    mkdirSync(workDir, { recursive: true });
    copyFileSync(path.join(example.dir, "Pulumi.dev.yaml"), path.join(workDir, "Pulumi.test.yaml"));
    stack = await PulumiTestStack.create({
      program: example.program,
      projectName: example.projectName,
      workDir,
      config: jodConfig(emulator),
    });
  });
  afterAll(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  // One test: each step needs the state the previous one left.
  it("deploys each location the config declares, exports the IPs per location, and destroys", async () => {
    // deploys each location the config declares and exports the IPs per location
    {
      const up = await stack.up();

      const deployments = emulator
        .deployments()
        .sort((a, b) => a.location.localeCompare(b.location));
      expect(
        deployments.map(({ domain, location, recorderCount, duration }) => ({
          domain,
          location,
          recorderCount,
          duration,
        })),
      ).toEqual(
        Object.entries(DECLARED.recorders).map(([location, recorderCount]) => ({
          domain: DECLARED.domain,
          location,
          recorderCount,
          duration: DECLARED.duration,
        })),
      );
      const ipsOf = (location: string) =>
        deployments.find((d) => d.location === location)?.recorders.map((r) => r.recorder_ip);
      expect(up.outputs.recorderIps).toEqual({ ams: ipsOf("ams"), lon: ipsOf("lon") });
      expect(up.outputs.allRecorderIps).toHaveLength(3);
      expect(up.outputs.totalRecorders).toBe(3);
      expect(up.outputs.balance).toBe(
        TEST_BALANCE - 3 * DECLARED.duration * PRICE_PER_RECORDER_HOUR,
      );
      expect(Object.keys(up.outputs.expiresAt as object).sort()).toEqual(["ams", "lon"]);
    }

    // destroys the stack, leaving no deployment in state
    {
      expect(await stack.resourcesOfType(RecorderDeployment.TYPE)).toHaveLength(2);
      await stack.destroy();
      expect(await stack.resourcesOfType(RecorderDeployment.TYPE)).toEqual([]);
    }
  });
});
