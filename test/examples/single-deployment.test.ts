import { RecorderDeployment } from "pulumi-jod";
import { jodConfig, TEST_DOMAIN, useStackOnEmulator } from "../helpers/jod-test-setup";
import { exampleProject } from "./example-project";

jest.setTimeout(300_000);

const example = exampleProject("single-deployment");
const HOUR_MS = 3_600_000;

describe("examples/single-deployment on the real engine against the emulator", () => {
  const fixture = useStackOnEmulator({
    program: example.program,
    projectName: example.projectName,
    config: (emulator) => ({
      ...jodConfig(emulator),
      [`${example.projectName}:domain`]: { value: TEST_DOMAIN },
    }),
  });

  // One test: each step needs the state the previous one left.
  it("deploys two London recorders for four hours, exports their ids, IPs and expiry, and destroys", async () => {
    const { emulator, stack } = fixture;
    // deploys two London recorders for four hours and exports their ids, IPs and expiry
    {
      const up = await stack.up();

      expect(emulator.deployments()).toHaveLength(1);
      const [deployment] = emulator.deployments();
      expect(deployment).toMatchObject({ location: "lon", recorderCount: 2, duration: 4 });
      expect(up.outputs.deploymentId).toBe(deployment.deploymentId);
      expect(up.outputs.status).toBe("ready");
      expect(up.outputs.deployedRecorders).toEqual(
        deployment.recorders.map((r) => ({ id: r.recorder_id, ip: r.recorder_ip })),
      );
      expect(up.outputs.recorderIps).toEqual(deployment.recorders.map((r) => r.recorder_ip));

      const [state] = await stack.resourcesOfType(RecorderDeployment.TYPE);
      const deployedAt = Date.parse(state.outputs?.deployedAt as string);
      expect(Date.parse(up.outputs.expiresAt as string) - deployedAt).toBe(4 * HOUR_MS);
    }

    // destroys the stack, leaving no deployment in state
    {
      expect(await stack.resourcesOfType(RecorderDeployment.TYPE)).toHaveLength(1);
      await stack.destroy();
      expect(await stack.resourcesOfType(RecorderDeployment.TYPE)).toEqual([]);
    }
  });
});
