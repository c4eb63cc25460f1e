import { processGroupOf } from "../helpers/hard-stop";
import { descendantsOf, isAlive, waitForExit } from "../helpers/reliability-processes";
import { waitUntil } from "../helpers/reliability-processes";
import { useYamlStackOnEmulator } from "../helpers/yaml-plugin-stack";

// `kill -9` of the `pulumi` process group after JOD accepted (the callback not in yet): the
// plugin, in a group of its own, is orphaned and exits; the stack holds a pending create. The
// user's way back (cancel, refresh --clear-pending-creates, up) buys nothing again: the
// plugin's journal, keyed by the resource's URN, has the deployment, and the resumed create
// adopts it. The callback went to the killed listener, so customTimeouts.create (5 s) bounds
// the adopted create's wait and it is kept as awaiting-callback.
const fixture = useYamlStackOnEmulator({
  callbackDelayMs: 3_000,
  resourceOptions: ["customTimeouts:", "  create: 5s"],
});

test("a hard stop after JOD accepted, then cancel, refresh --clear-pending-creates, up: one purchase", async () => {
  const { stack, emulator } = fixture;
  const up = stack.start(["up", "--yes", "--skip-preview"]);
  await waitUntil(
    () => up.output().includes("JOD accepted deployment"),
    "JOD's acceptance",
    60_000,
  );
  const plugin = pluginPid(up.child.pid as number);
  process.kill(-processGroupOf(up.child.pid as number), "SIGKILL");
  await up.done;
  expect(await waitForExit(plugin, 10_000)).toBe(true);
  expect(emulator.deployments()).toHaveLength(1);

  await stack.run(["cancel", "--yes"]);
  const refresh = await stack.ok(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
  expect(refresh.stdout + refresh.stderr).not.toMatch(/error:/);
  const resumed = await stack.run(["up", "--yes", "--skip-preview"]);

  expect(resumed.stdout).toContain("adopting it (nothing is bought again)");
  expect(emulator.deployments()).toHaveLength(1);
  const [deployment] = emulator.deployments();
  const kept = (await stack.resources()).find((r) => r.type === "jod:index:RecorderDeployment");
  expect(kept?.outputs).toMatchObject({
    deploymentId: deployment.deploymentId,
    status: "awaiting-callback",
  });
  expect(isAlive(plugin)).toBe(false);
}, 180_000);

/** The plugin process under the `pulumi` CLI `cli` (it runs `dist/plugin/main.js`). */
function pluginPid(cli: number): number {
  const plugin = descendantsOf(cli).find((info) => info.cmdline.includes("dist/plugin/main.js"));
  if (!plugin) throw new Error(`no plugin process runs under pulumi (${cli})`);
  return plugin.pid;
}
