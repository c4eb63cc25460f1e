import * as jod from "pulumi-jod";
import {
  PRICE_PER_RECORDER_HOUR,
  TEST_API_KEY,
  TEST_BALANCE,
  TEST_DOMAIN,
  useStackOnEmulator,
} from "../helpers/jod-test-setup";
import type { OperationReport } from "../helpers/pulumi-test-stack";

jest.setTimeout(300_000);

const TYPE = "pulumi-nodejs:dynamic/jod:RecorderDeployment";

// The program reads this at each run, so a test can change the declared deployment.
const declared: jod.RecorderDeploymentArgs = {
  domain: TEST_DOMAIN,
  recorders: 2,
  duration: 3,
  location: "lon",
};

const program = async () => {
  const deployment = new jod.RecorderDeployment("rec", { ...declared });
  return {
    deploymentId: deployment.deploymentId,
    recorderIps: deployment.recorderIps,
    deployedRecorders: deployment.deployedRecorders,
    balance: deployment.balance,
    expiresAt: deployment.expiresAt,
    status: deployment.status,
  };
};

function stepFor(report: OperationReport) {
  return report.steps.filter((step) => step.type === TYPE);
}

describe("RecorderDeployment through its whole lifecycle on the real engine", () => {
  const fixture = useStackOnEmulator({ program });
  const everything: string[] = [];
  const keep = <T extends OperationReport>(report: T): T => {
    everything.push(report.output, ...report.diagnostics);
    return report;
  };

  // One test: each step needs the state the previous one left.
  it("previews, deploys, plans a replacement, updates in place, refreshes, destroys, never shows the key", async () => {
    const { emulator, stack } = fixture;
    // previews one create and sends nothing to JOD
    {
      const preview = keep(await stack.preview());
      expect(stepFor(preview).map((step) => step.op)).toEqual(["create"]);
      expect(emulator.requests()).toHaveLength(0);
    }

    // deploys on up and returns JOD's recorder ids and IPs
    {
      const up = keep(await stack.up());
      const [deployment] = emulator.deployments();
      expect(emulator.deployments()).toHaveLength(1);
      expect(deployment.status).toBe("succeeded");
      expect(up.outputs.deploymentId).toBe(deployment.deploymentId);
      expect(up.outputs.status).toBe("ready");
      expect(up.outputs.deployedRecorders).toEqual(
        deployment.recorders.map((r) => ({ id: r.recorder_id, ip: r.recorder_ip })),
      );
      expect(up.outputs.recorderIps).toEqual(deployment.recorders.map((r) => r.recorder_ip));
      expect(up.outputs.recorderIps).toHaveLength(2);
      const expectedBalance = TEST_BALANCE - 2 * 3 * PRICE_PER_RECORDER_HOUR;
      expect(up.outputs.balance).toBe(expectedBalance);
      expect(emulator.balanceOf(TEST_API_KEY)).toBe(expectedBalance);
    }

    // previews a replacement naming recorders when the count changes
    {
      declared.recorders = 3;
      const preview = keep(await stack.preview());
      declared.recorders = 2;
      const steps = stepFor(preview);
      expect(steps.map((step) => step.op)).toContain("replace");
      expect(steps.find((step) => step.op === "replace")?.keys).toEqual(["recorders"]);
      expect(preview.output).toContain("deploys and pays for new recorders");
      expect(preview.output).toContain("keep running until");
      expect(emulator.requests()).toHaveLength(1);
    }

    // updates a callback setting in place without a new deployment
    {
      declared.timeoutSeconds = 120;
      const preview = keep(await stack.preview());
      expect(stepFor(preview).map((step) => step.op)).toEqual(["update"]);
      const up = keep(await stack.up());
      expect(up.changeSummary).toEqual({ same: 1, update: 1 });
      expect(emulator.requests()).toHaveLength(1);
      const [state] = await stack.resourcesOfType(TYPE);
      expect(state.outputs?.timeoutSeconds).toBe(120);
    }

    // drops an expired deployment on refresh, and the next up deploys again
    {
      const [before] = await stack.resourcesOfType(TYPE);
      const expiresAt = Date.parse(before.outputs?.expiresAt as string);
      stack.setEnv("PULUMI_JOD_TEST_CLOCK", new Date(expiresAt + 1000).toISOString());
      const refresh = keep(await stack.refresh());
      expect(refresh.changeSummary).toMatchObject({ delete: 1 });
      expect(await stack.resourcesOfType(TYPE)).toEqual([]);
      stack.setEnv("PULUMI_JOD_TEST_CLOCK", undefined);

      const up = keep(await stack.up());
      expect(up.changeSummary).toMatchObject({ create: 1 });
      expect(emulator.deployments()).toHaveLength(2);
      expect(up.outputs.deploymentId).toBe(emulator.deployments()[1].deploymentId);
    }

    // destroys and says the recorders keep running until they expire
    {
      const [state] = await stack.resourcesOfType(TYPE);
      const destroy = keep(await stack.destroy());
      expect(destroy.changeSummary).toEqual({ delete: 2 });
      expect(destroy.output).toContain(
        `its recorders keep running (already paid) until ${state.outputs?.expiresAt}`,
      );
      expect(emulator.requests()).toHaveLength(2);
    }

    // never shows the API key in state or CLI output
    {
      everything.push(await stack.exportState());
      expect(everything.join("\n").length).toBeGreaterThan(1000);
      for (const text of everything) expect(text).not.toContain(TEST_API_KEY);
    }
  });
});
