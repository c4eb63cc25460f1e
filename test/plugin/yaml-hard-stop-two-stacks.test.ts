import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { useTestEmulator } from "../helpers/jod-test-setup";
import { clearAfterHardStop, createHardStopStack, upKilledAt } from "../helpers/yaml-hard-stop";
import type { YamlPluginStack } from "../helpers/yaml-plugin-stack";

jest.setTimeout(300_000);

/**
 * test/reliability/hard-stop-two-stacks.test.ts through the plugin: two YAML projects share one
 * journal directory, with the same resource name. Both `pulumi up`s are killed after JOD
 * accepted, and resumed at the same time: each adopts the deployment its own run bought, and
 * neither sees the other's entry.
 */
const fixture = useTestEmulator();
let journalDir: string;
const stacks: YamlPluginStack[] = [];
beforeAll(() => {
  journalDir = mkdtempSync(path.join(tmpdir(), "jod-shared-journal-"));
});
afterAll(async () => {
  for (const stack of stacks) await stack.remove();
  rmSync(journalDir, { recursive: true, force: true });
});

test("each adopts its own deployment; no entry crosses stacks", async () => {
  const { emulator } = fixture;
  emulator.setFaults({ callbackMode: "drop" });
  for (const project of ["jod-hard-stop-a", "jod-hard-stop-b"]) {
    const created = await createHardStopStack(emulator, {
      timeoutSeconds: 120,
      project,
      journalDir,
    });
    stacks.push(created.stack);
  }
  await Promise.all(
    stacks.map((stack) => upKilledAt(stack, (text) => text.includes("JOD accepted deployment"))),
  );
  const bought = emulator.deployments().map((d) => d.deploymentId);
  expect(bought).toHaveLength(2);
  expect(readdirSync(journalDir).filter((name) => name.endsWith(".json"))).toHaveLength(2);

  const resumed = await Promise.all(
    stacks.map(async (stack) => {
      await clearAfterHardStop(stack);
      await stack.ok(["config", "set", "timeoutSeconds", "3"]);
      return stack.run(["up", "--yes", "--skip-preview"]);
    }),
  );
  expect(emulator.requests()).toHaveLength(2);
  expect(emulator.deployments()).toHaveLength(2);
  const kept = await Promise.all(
    stacks.map(async (stack) =>
      (await stack.resources()).find((r) => r.type === "jod:index:RecorderDeployment"),
    ),
  );
  const ids = kept.map((resource) => (resource as { id?: string } | undefined)?.id);
  expect([...ids].sort()).toEqual([...bought].sort());
  for (const [index, result] of resumed.entries()) {
    expect(result.stdout).toContain(`deployment ${ids[index]}`);
    expect(result.stdout).not.toContain(ids[1 - index] as string);
    expect(kept[index]?.outputs?.status).toBe("awaiting-callback");
  }
});
