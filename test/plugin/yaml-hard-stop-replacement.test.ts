import { jodRecords } from "../helpers/hard-stop";
import { useTestEmulator } from "../helpers/jod-test-setup";
import {
  clearAfterHardStop,
  createHardStopStack,
  removeHardStopStack,
  upKilledAt,
} from "../helpers/yaml-hard-stop";
import type { YamlPluginStack } from "../helpers/yaml-plugin-stack";

jest.setTimeout(240_000);

/**
 * test/reliability/hard-stop-replacement.test.ts through the plugin: a replacement (recorders
 * 2 → 3) killed after JOD accepted it, then `pulumi cancel`, `pulumi refresh
 * --clear-pending-creates` and a plain `pulumi up`. The engine still holds the original, so the
 * resumed create adopts the accepted replacement; with the inputs changed again, it buys anew
 * and names the deployment it abandons.
 */
const fixture = useTestEmulator();
let stack: YamlPluginStack;
let journalDir: string;
beforeEach(async () => {
  fixture.emulator.reset();
  ({ stack, journalDir } = await createHardStopStack(fixture.emulator, { timeoutSeconds: 120 }));
});
afterEach(async () => {
  await removeHardStopStack(stack, journalDir);
});

const deployments = async () =>
  (await stack.resources()).filter((r) => r.type === "jod:index:RecorderDeployment") as {
    id?: string;
    outputs?: Record<string, unknown>;
  }[];

/** Deploys, then kills the replacement's `up` once JOD accepted it; returns its id. */
async function killReplacementOnceAccepted(): Promise<string> {
  const { emulator } = fixture;
  await stack.ok(["up", "--yes", "--skip-preview"]);
  // The replacement's callback never comes: the kill lands while the create waits for it.
  emulator.setFaults({ callbackMode: "drop" });
  await stack.ok(["config", "set", "recorders", "3"]);
  await upKilledAt(stack, (output) => output.includes("JOD accepted deployment"));
  expect(jodRecords(emulator).posts).toBe(2);
  emulator.setFaults({ callbackMode: "success" });
  await clearAfterHardStop(stack);
  return jodRecords(emulator).accepted[1];
}

test("adopts the accepted replacement on resume: two purchases in all", async () => {
  const replacement = await killReplacementOnceAccepted();
  await stack.ok(["config", "set", "timeoutSeconds", "3"]);
  const resumed = await stack.run(["up", "--yes", "--skip-preview"]);
  expect(resumed.stdout).toContain(`deployment ${replacement}`);
  expect(resumed.stdout).toContain("adopting it (nothing is bought again)");
  expect(jodRecords(fixture.emulator).posts).toBe(2);
  const adopted = (await deployments()).find((resource) => resource.id === replacement);
  expect(adopted?.outputs?.status).toBe("awaiting-callback");
});

test("with inputs changed again, buys once more and names the abandoned deployment", async () => {
  const abandoned = await killReplacementOnceAccepted();
  await stack.ok(["config", "set", "recorders", "4"]);
  await stack.ok(["config", "set", "timeoutSeconds", "30"]);
  const resumed = await stack.run(["up", "--yes", "--skip-preview"]);
  expect(resumed.stdout).toContain(`${abandoned} is not adopted for the new inputs`);
  expect(jodRecords(fixture.emulator).posts).toBe(3);
  const kept = await deployments();
  expect(kept).toHaveLength(1);
  expect(kept[0].id).toBe(jodRecords(fixture.emulator).accepted[2]);
});
