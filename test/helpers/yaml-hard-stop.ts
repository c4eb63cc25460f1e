import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import { arrangeHardStop, connectedTo, jodRecords, processGroupOf, type Moment } from "./hard-stop";
import { pluginExecutableDir } from "./plugin-executable";
import type { RelayProcess } from "./relay-process";
import { descendantsOf, waitForExit, waitUntil } from "./reliability-processes";
import { emulatorConfig, YamlPluginStack, type CliResult } from "./yaml-plugin-stack";

/** One hard stop of a YAML `pulumi up` on the plugin: where, and what the resumed `up` leaves. */
export interface YamlHardStopRow {
  moment: Moment;
  /** The statuses the stack may hold for the deployment after the resumed `up`. */
  finalStatus: string[];
  /** The resumed create's `timeoutSeconds`: short where it waits on a callback that never comes. */
  resumeTimeoutSeconds: number;
}

/**
 * The YAML example's deployment named `name` (a relay's journal outlives a stack: each row names
 * its own), with `recorders` and `timeoutSeconds` from stack config.
 */
const program = (name: string, project: string) => `name: ${project}
runtime: yaml
config:
  recorders:
    type: integer
    default: 2
  timeoutSeconds:
    type: integer
resources:
  ${name}:
    type: jod:index:RecorderDeployment
    properties:
      domain: meet.example.com
      recorders: \${recorders}
      duration: 3
      location: lon
      timeoutSeconds: \${timeoutSeconds}
outputs:
  deploymentId: \${${name}.deploymentId}
  status: \${${name}.status}
`;

/**
 * The plugin's version of `runHardStopRow` (hard-stop.ts), as a user meets it: a YAML stack on
 * the release's single executable,
 * `kill -9` of the `pulumi` process group (the plugin, in a group of its own, is orphaned and
 * exits by itself) at `row.moment`, then `pulumi cancel`, `pulumi refresh
 * --clear-pending-creates` and `pulumi up`. JOD sells one deployment and the stack holds it.
 */
export async function runYamlHardStopRow(
  row: YamlHardStopRow,
  emulator: RunningEmulator,
  relay?: RelayProcess,
): Promise<void> {
  emulator.reset();
  const { stack, journalDir } = await createHardStopStack(emulator, {
    // A held answer is given up at the request timeout (min(30 s, timeoutSeconds)).
    timeoutSeconds: row.moment === "post-held" ? 5 : 120,
    name: `${relay ? "relay" : "direct"}-${row.moment}`,
    relay,
  });
  try {
    const { release, when } = arrangeHardStop(row.moment, {
      emulator,
      relay,
      journalDir,
      providerConnectedTo: (port) => pluginPids(stack).some((pid) => connectedTo(pid, port)),
    });
    try {
      await upKilledAt(stack, when);
    } finally {
      // Released only once the plugins are gone, so that nothing they blocked on moves on.
      release();
    }
    expect(emulator.requests()).toHaveLength(row.moment === "before-post" ? 0 : 1);
    emulator.setFaults({ responseDelayMs: 0 });

    await clearAfterHardStop(stack);
    await stack.ok(["config", "set", "timeoutSeconds", String(row.resumeTimeoutSeconds)]);
    const resumed = await stack.run(["up", "--yes", "--skip-preview"]);
    const { posts, accepted } = jodRecords(emulator);
    const kept = (await stack.resources()).filter(
      (r) => r.type === "jod:index:RecorderDeployment",
    ) as { id?: string; outputs?: Record<string, unknown> }[];
    expect(posts).toBe(1);
    expect(accepted).toHaveLength(1);
    expect(kept).toHaveLength(1);
    expect(row.finalStatus).toContain(kept[0].outputs?.status);
    if (kept[0].outputs?.status === "unconfirmed") {
      expect(kept[0].id).toMatch(/^unconfirmed-\d+$/);
      expect(resumed.stdout).toContain(
        "was stopped before JOD's answer arrived, so it was not posted again",
      );
    } else {
      expect(kept[0].id).toBe(accepted[0]);
    }
  } finally {
    await removeHardStopStack(stack, journalDir);
  }
}

/**
 * A YAML stack of one deployment named `name` on `emulator`, with a journal directory of its own,
 * or in relay mode on `relay` (whose journal it then uses).
 */
export async function createHardStopStack(
  emulator: RunningEmulator,
  options: {
    timeoutSeconds: number;
    name?: string;
    relay?: RelayProcess;
    /** The project's name (`jod-yaml` by default). */
    project?: string;
    /** A journal directory shared with other stacks, instead of one of the stack's own. */
    journalDir?: string;
  },
): Promise<{ stack: YamlPluginStack; journalDir: string }> {
  const { timeoutSeconds, name = "deployment", relay, project = "jod-yaml" } = options;
  const journalDir = options.journalDir ?? mkdtempSync(path.join(tmpdir(), "jod-yaml-journal-"));
  const base = emulatorConfig(emulator);
  const stack = await YamlPluginStack.create({
    program: program(name, project),
    // The release's single executable: what users run.
    plugin: pluginExecutableDir(),
    config: {
      ...base.config,
      ...(relay ? { "jod:callbackRelay": relay.baseUrl } : {}),
      timeoutSeconds: String(timeoutSeconds),
    },
    secrets: { ...base.secrets, ...(relay ? { "jod:relaySecret": relay.secret } : {}) },
    env: { PULUMI_JOD_JOURNAL_DIR: journalDir },
  });
  return { stack, journalDir };
}

export async function removeHardStopStack(stack: YamlPluginStack, journalDir: string) {
  await stack.remove();
  rmSync(journalDir, { recursive: true, force: true });
}

/**
 * Starts `pulumi up` and, once `when` holds (given its output so far), `kill -9`s the `pulumi`
 * process group; resolves once the orphaned plugins have exited too.
 */
export async function upKilledAt(
  stack: YamlPluginStack,
  when: (output: string) => boolean,
): Promise<void> {
  const up = stack.start(["up", "--yes", "--skip-preview"]);
  let ended = false;
  void up.done.then(() => (ended = true));
  await waitUntil(() => ended || when(up.output()), "the moment of the hard stop", 120_000);
  if (ended) throw new Error(`the up ended before the hard stop:\n${up.output()}`);
  const cli = up.child.pid as number;
  const plugins = pluginPidsUnder(cli);
  process.kill(-processGroupOf(cli), "SIGKILL");
  await up.done;
  for (const plugin of plugins) expect(await waitForExit(plugin, 60_000)).toBe(true);
}

/**
 * The plugin processes under the `pulumi` CLI `cli` (the single executable, or the npm wrapper's
 * node on `dist/plugin/main.js`): the provider, and another while the YAML language host loads
 * the schema. None once the up is ending (a stop after the callback can come as the engine
 * closes them).
 */
function pluginPidsUnder(cli: number): number[] {
  return descendantsOf(cli)
    .filter(
      (info) =>
        info.cmdline.includes("dist/plugin/main.js") ||
        info.cmdline.split(" ")[0].endsWith("/pulumi-resource-jod"),
    )
    .map((info) => info.pid);
}

/** The plugin processes of the `pulumi` CLI running in `stack`'s folder, if one runs. */
function pluginPids(stack: YamlPluginStack): number[] {
  const cli = descendantsOf(process.pid).find((info) => {
    if (info.comm !== "pulumi") return false;
    try {
      return readlinkSync(`/proc/${info.pid}/cwd`) === stack.workDir;
    } catch {
      return false;
    }
  });
  return cli ? pluginPidsUnder(cli.pid) : [];
}

/**
 * `pulumi cancel`, then `pulumi refresh --clear-pending-creates`; a checkpoint the killed CLI
 * cut short is restored from its `.bak` first, as the README tells users.
 */
export async function clearAfterHardStop(stack: YamlPluginStack): Promise<CliResult> {
  await stack.run(["cancel", "--yes"]);
  const refresh = ["refresh", "--yes", "--skip-preview", "--clear-pending-creates"];
  const first = await stack.run(refresh);
  if (first.code === 0 || !`${first.stdout}${first.stderr}`.includes("failed to load checkpoint")) {
    if (first.code !== 0) throw new Error(`pulumi refresh failed:\n${first.stdout}${first.stderr}`);
    return first;
  }
  const stacks = path.join(stack.workDir, ".state/.pulumi/stacks");
  const checkpoint = path.join(stacks, readdirSync(stacks)[0], "test.json");
  for (const attributes of [`${checkpoint}.attrs`, `${checkpoint}.bak.attrs`]) {
    if (existsSync(attributes) && !holdsJson(attributes)) rmSync(attributes);
  }
  if (!holdsJson(checkpoint)) copyFileSync(`${checkpoint}.bak`, checkpoint);
  await stack.run(["cancel", "--yes"]);
  return stack.ok(refresh);
}

function holdsJson(file: string): boolean {
  try {
    JSON.parse(readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}
