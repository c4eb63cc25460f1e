import { waitUntil } from "../helpers/reliability-processes";
import { useYamlStackOnEmulator } from "../helpers/yaml-plugin-stack";

// Ctrl-C on `pulumi up` (SIGINT to the CLI alone: the plugin runs in a process group of its
// own) makes the engine call Cancel: the create waiting on JOD's callback hands over the
// accepted deployment at once, as a partial create, instead of waiting out its timeout.
const fixture = useYamlStackOnEmulator({ callbackDelayMs: 120_000 });

test("the engine's Cancel ends a waiting create at once, the paid deployment kept", async () => {
  const { stack, emulator } = fixture;
  const up = stack.start(["up", "--yes", "--skip-preview"]);
  await waitUntil(
    () => up.output().includes("JOD accepted deployment"),
    "JOD's acceptance",
    60_000,
  );
  const cancelledAt = Date.now();
  up.child.kill("SIGINT");
  const result = await up.done;

  expect(result.code).not.toBe(0);
  expect(Date.now() - cancelledAt).toBeLessThan(15_000);
  expect(result.stdout).toContain("The provider received the engine's Cancel while waiting");
  const [deployment] = emulator.deployments();
  const kept = (await stack.resources()).find((r) => r.type === "jod:index:RecorderDeployment");
  expect(kept?.outputs).toMatchObject({
    deploymentId: deployment.deploymentId,
    status: "awaiting-callback",
  });

  // The next up keeps it: nothing is bought again.
  await stack.ok(["up", "--yes", "--skip-preview"]);
  expect(emulator.deployments()).toHaveLength(1);
}, 120_000);
