import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { clearAfterHardStop, jodRecords } from "../helpers/hard-stop";
import { useEmulatorStack } from "../helpers/reliability-deployment-stack";
import { waitUntil } from "../helpers/reliability-processes";

jest.setTimeout(240_000);

/**
 * The engine cannot save its checkpoint after a create returned (here the file backend's stack
 * file is replaced by a non-empty directory while the create waits for JOD's callback, as a
 * full disk or a backend error would): the step fails, and the engine still closes the
 * provider as after any run. After the README's recovery (the `.bak` over the checkpoint,
 * `pulumi cancel`, `pulumi refresh --clear-pending-creates`, `pulumi up`) the deployment
 * already bought is handed over again: one purchase, its id in the stack.
 */
describe("a checkpoint that fails to save after JOD accepted", () => {
  const fixture = useEmulatorStack();

  it("is recovered without a second purchase", async () => {
    const { deployment, emulator } = fixture;
    // Long enough to replace the stack file after "JOD accepted" shows, on a loaded machine too.
    emulator.setFaults({ callbackDelayMs: 15_000 });
    deployment.declare("unsaved", { timeoutSeconds: 120 });
    const stacks = path.join(deployment.stack.workDir, "state/.pulumi/stacks");
    const checkpoint = path.join(stacks, readdirSync(stacks)[0] ?? "", "test.json");

    let seen = "";
    const up = deployment.stack.stack.up({ onOutput: (chunk) => (seen += chunk) }).then(
      () => "succeeded",
      (error: Error) => error.message,
    );
    await waitUntil(() => seen.includes("JOD accepted deployment"), "JOD's acceptance", 60_000);
    rmSync(checkpoint);
    mkdirSync(path.join(checkpoint, "blocked"), { recursive: true });
    writeFileSync(
      path.join(checkpoint, "blocked", "file"),
      "the checkpoint cannot be written here",
    );
    const failed = await up;
    expect(failed).not.toBe("succeeded");
    expect(failed).toMatch(/snapshot|checkpoint/i);
    const [bought] = jodRecords(emulator).accepted;
    expect(jodRecords(emulator).posts).toBe(1);

    // The recovery the README gives: the checkpoint back from its .bak.
    rmSync(checkpoint, { recursive: true, force: true });
    copyFileSync(`${checkpoint}.bak`, checkpoint);
    await clearAfterHardStop(deployment.stack);
    emulator.setFaults({ callbackDelayMs: 0 });
    const resumed = await deployment.up();
    expect(resumed.output).toContain(`deployment ${bought}`);
    expect(resumed.output).toContain("nothing is bought again");
    expect(jodRecords(emulator).posts).toBe(1);
    const [kept] = await deployment.recorded();
    expect(kept.id).toBe(bought);
    expect(kept.outputs?.status).toBe("ready");
    expect(kept.outputs?.recorderIps).toHaveLength(1);
  });
});
