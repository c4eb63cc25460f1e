import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import { clearAfterHardStop, upEitherWay, upHardStopped } from "../helpers/hard-stop";
import { jodConfig, startTestEmulator } from "../helpers/jod-test-setup";
import { SwitchableDeploymentStack } from "../helpers/reliability-deployment-stack";
import { waitForExit } from "../helpers/reliability-processes";

jest.setTimeout(300_000);

/**
 * Two projects on one machine share the default journal directory, with the same resource
 * name. Both `pulumi up`s are killed after JOD accepted, and resumed at the same time: each
 * adopts the deployment its own run bought, and neither sees the other's entry.
 */
describe("two stacks hard-stopped and resumed at once, sharing one journal directory", () => {
  let emulator: RunningEmulator;
  let journalDir: string;
  const stacks: SwitchableDeploymentStack[] = [];
  beforeAll(async () => {
    emulator = await startTestEmulator();
    journalDir = mkdtempSync(path.join(tmpdir(), "jod-shared-journal-"));
  });
  afterAll(async () => {
    for (const stack of stacks) await stack.remove();
    await emulator?.close();
    rmSync(journalDir, { recursive: true, force: true });
  });

  it("each adopts its own deployment; no entry crosses stacks", async () => {
    emulator.setFaults({ callbackMode: "drop" });
    const env = { PULUMI_JOD_JOURNAL_DIR: journalDir };
    for (const project of ["jod-hard-stop-a", "jod-hard-stop-b"]) {
      const stack = await SwitchableDeploymentStack.create(jodConfig(emulator), env, project);
      stack.declare("shared-name", { timeoutSeconds: 120 });
      stacks.push(stack);
    }
    const stopped = await Promise.all(
      stacks.map((stack) =>
        upHardStopped(stack.stack, (text) => text.includes("JOD accepted deployment"), "provider"),
      ),
    );
    const bought = stopped.map(({ output }) => /JOD accepted deployment ([\w-]+)/.exec(output)![1]);
    expect(new Set(bought).size).toBe(2);
    expect(
      emulator
        .deployments()
        .map((d) => d.deploymentId)
        .sort(),
    ).toEqual([...bought].sort());
    for (const { processes } of stopped) {
      expect(await waitForExit(processes.cli.pid, 60_000)).toBe(true);
    }
    expect(readdirSync(journalDir).filter((name) => name.endsWith(".json"))).toHaveLength(2);

    const resumed = await Promise.all(
      stacks.map(async (stack) => {
        await clearAfterHardStop(stack.stack);
        stack.declare("shared-name", { timeoutSeconds: 3 });
        return upEitherWay(stack);
      }),
    );
    expect(emulator.requests()).toHaveLength(2);
    expect(emulator.deployments()).toHaveLength(2);
    for (const [index, stack] of stacks.entries()) {
      expect(resumed[index]).toContain(`deployment ${bought[index]}`);
      expect(resumed[index]).not.toContain(bought[1 - index]);
      const [kept] = await stack.recorded();
      expect(kept.id).toBe(bought[index]);
      expect(kept.outputs?.status).toBe("awaiting-callback");
    }
  });
});
