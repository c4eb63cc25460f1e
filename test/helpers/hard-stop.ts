import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator/src";
import type { PulumiTestStack } from "./pulumi-test-stack";
import type { RelayProcess } from "./relay-process";
import { SwitchableDeploymentStack } from "./reliability-deployment-stack";
import {
  descendantsOf,
  isAlive,
  waitForExit,
  waitUntil,
  type ProcessInfo,
} from "./reliability-processes";

/** The moments of a create at which a run is stopped hard. */
export type Moment = "before-post" | "post-held" | "accepted" | "callback-arrived";

/**
 * `provider`: `kill -9` of the provider process only. `pulumi-group`: `kill -9` of the `pulumi`
 * process group; the provider, a plugin in a process group of its own, outlives it orphaned.
 */
export type KillKind = "provider" | "pulumi-group";

/** One row of a hard-stop table: where to stop, how, and what the resumed `up` must leave. */
export interface HardStopRow {
  moment: Moment;
  kill: KillKind;
  /** POSTs JOD got over both runs. */
  posts: number;
  /** The statuses the stack may hold for the deployment after the resumed `up`. */
  finalStatus: string[];
  /** The resumed create's `timeoutSeconds`: short where it waits on a callback that never comes. */
  resumeTimeoutSeconds: number;
  /** What the resumed `up` must say, if anything in particular. */
  resumedSays?: string;
}

/**
 * The row of `moment` and `kill`: one POST over both runs, and after the resumed `up` (its
 * create's `timeoutSeconds` set to `resumeTimeoutSeconds`) the deployment in one of `finalStatus`.
 */
export function hardStopRow(
  moment: Moment,
  kill: KillKind,
  finalStatus: string[],
  resumeTimeoutSeconds: number,
): HardStopRow {
  return { moment, kill, posts: 1, finalStatus, resumeTimeoutSeconds };
}

/** The {@link hardStopRow}s of `moment` for both kinds of kill, which must end alike. */
export function rowsForEitherKill(
  moment: Moment,
  finalStatus: string[],
  resumeTimeoutSeconds: number,
): HardStopRow[] {
  return (["provider", "pulumi-group"] as const).map((kill) =>
    hardStopRow(moment, kill, finalStatus, resumeTimeoutSeconds),
  );
}

/** The process group of `pid`, from /proc. */
export function processGroupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
}

/** The engine processes of the `pulumi` CLI running in `workDir` (several stacks run at once). */
export function engineProcessesIn(workDir: string): { cli: ProcessInfo; provider: ProcessInfo } {
  const cli = descendantsOf(process.pid).find((info) => {
    if (info.comm !== "pulumi") return false;
    try {
      return readlinkSync(`/proc/${info.pid}/cwd`) === workDir;
    } catch {
      return false;
    }
  });
  if (!cli) throw new Error(`no pulumi CLI runs in ${workDir}`);
  const provider = descendantsOf(cli.pid).find(
    (info) => info.comm === "node" && info.cmdline.includes("dynamic-provider"),
  );
  if (!provider) throw new Error(`no dynamic provider process runs under pulumi (${cli.pid})`);
  return { cli, provider };
}

/**
 * SIGKILLs as `kind` says. The Automation API does not start the CLI as a group leader (it
 * shares this test's group), so `kill(-pgid)` would kill Jest: instead every process that the
 * signal to the CLI's group would reach, and that belongs to the engine, is killed, i.e. the
 * CLI and its descendants in its group. Returns what `kill(-pgid)` was replaced by.
 */
export function killHard(
  kind: KillKind,
  processes: { cli: ProcessInfo; provider: ProcessInfo },
): string {
  const { cli, provider } = processes;
  if (kind === "provider") {
    process.kill(provider.pid, "SIGKILL");
    return `kill -9 ${provider.pid}`;
  }
  const group = processGroupOf(cli.pid);
  if (group === cli.pid) {
    process.kill(-group, "SIGKILL");
    return `kill -9 -${group}`;
  }
  const members = [cli, ...descendantsOf(cli.pid)].filter(
    (info) => isAlive(info.pid) && processGroupOf(info.pid) === group,
  );
  for (const member of members) process.kill(member.pid, "SIGKILL");
  return `kill -9 ${members.map((member) => member.pid).join(" ")} (group ${group})`;
}

/**
 * Runs `pulumi up` on `stack` and SIGKILLs as `kind` says once `when` holds (given the output
 * so far). The up must fail; returns what the CLI printed and the engine's processes.
 */
export async function upHardStopped(
  stack: PulumiTestStack,
  when: (output: string) => boolean,
  kind: KillKind,
  options: { mayFinish?: boolean; replace?: string[] } = {},
): Promise<{
  output: string;
  processes: { cli: ProcessInfo; provider: ProcessInfo };
  finished: boolean;
  killed: string;
}> {
  let seen = "";
  let ended = false;
  const up = stack.stack
    .up({ onOutput: (chunk) => (seen += chunk), replace: options.replace })
    .then(
      () => ({ failed: false, message: "" }),
      (error: unknown) => ({ failed: true, message: String((error as Error).message) }),
    );
  void up.then(() => (ended = true));
  await waitUntil(() => ended || when(seen), "the moment of the hard stop", 120_000);
  if (ended) throw new Error(`the up ended before the hard stop:\n${seen}`);
  const processes = engineProcessesIn(stack.workDir);
  const killed = killHard(kind, processes);
  const result = await up;
  // Killed after the engine had the result, an up can still end well: only some moments allow it.
  if (!result.failed && !options.mayFinish) {
    throw new Error("expected the hard-stopped `pulumi up` to fail");
  }
  return { output: `${seen}\n${result.message}`, processes, finished: !result.failed, killed };
}

/** What `pulumi cancel` then `pulumi refresh --clear-pending-creates` do after a hard stop. */
export async function clearAfterHardStop(stack: PulumiTestStack): Promise<void> {
  await stack.stack.cancel().catch(() => undefined); // nothing to cancel when the lock is gone
  try {
    await stack.stack.refresh({ clearPendingCreates: true });
  } catch (error) {
    if (!String((error as Error).message).includes("failed to load checkpoint")) throw error;
    // `pulumi` killed while it rewrote a file:// backend's checkpoint can leave the checkpoint,
    // or the attributes file the blob store keeps beside it (`<file>.attrs`), cut short. A user
    // restores them as here: the `.bak` is the checkpoint before (with the pending create), and
    // a missing attributes file is read as the default.
    const checkpoint = path.join(
      stack.workDir,
      "state/.pulumi/stacks",
      projectOf(stack),
      "test.json",
    );
    for (const attributes of [`${checkpoint}.attrs`, `${checkpoint}.bak.attrs`]) {
      if (existsSync(attributes) && !holdsJson(attributes)) {
        console.log(`the killed CLI left ${attributes} unreadable: removing it`);
        rmSync(attributes);
      }
    }
    if (!holdsJson(checkpoint)) {
      console.log(`the killed CLI left ${checkpoint} unreadable: restoring its .bak`);
      copyFileSync(`${checkpoint}.bak`, checkpoint);
    }
    // A lock can outlive the broken checkpoint (the cancel above or the refresh that failed on
    // it): cancel again now that the checkpoint is readable.
    await stack.stack.cancel().catch(() => undefined);
    await stack.stack.refresh({ clearPendingCreates: true });
  }
}

function holdsJson(file: string): boolean {
  try {
    JSON.parse(readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}

function projectOf(stack: PulumiTestStack): string {
  return readdirSync(path.join(stack.workDir, "state/.pulumi/stacks"))[0];
}

/** Runs `pulumi up` whether it succeeds or keeps a partial create; returns what it printed. */
export async function upEitherWay(deployment: SwitchableDeploymentStack): Promise<string> {
  try {
    return (await deployment.up()).output;
  } catch (error) {
    return String((error as Error).message);
  }
}

/**
 * Holds the journal directory's lock as another live provider would, so a create blocks before
 * it writes anything (and so before its POST). Returns the function that releases it.
 */
export function holdJournalLock(directory: string): () => void {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const lock = path.join(directory, "journal.lock");
  writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), nonce: "hard-stop" }), {
    mode: 0o600,
  });
  return () => rmSync(lock, { force: true });
}

/** Whether a create waits for the journal lock (it made its lock candidate). */
export function waitsForJournalLock(directory: string): boolean {
  try {
    return readdirSync(directory).some((name) => /^\.lock\.[0-9a-f]+\.tmp$/.test(name));
  } catch {
    return false;
  }
}

/**
 * Stops (SIGSTOP) every nginx process of the relay: connections are still accepted by the kernel
 * but never answered, so a provider that talks to it blocks. Returns the function that resumes it.
 */
export function freezeRelay(relay: RelayProcess): () => void {
  const master = Number(readFileSync(path.join(relay.logDir, "nginx.pid"), "utf8").trim());
  const pids = [master, ...descendantsOf(master).map((info) => info.pid)];
  for (const pid of pids) process.kill(pid, "SIGSTOP");
  return () => {
    for (const pid of pids) process.kill(pid, "SIGCONT");
  };
}

/** Whether `pid` has an established TCP connection to `port` on loopback. */
export function connectedTo(pid: number, port: number): boolean {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const match = /^socket:\[(\d+)\]$/.exec(safeReadlink(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    }
  } catch {
    return false;
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  return ["/proc/net/tcp", "/proc/net/tcp6"].some((table) =>
    readFileSync(table, "utf8")
      .split("\n")
      .slice(1)
      .some((line) => {
        // fields: sl local remote state ... inode (index 9); state 01 is ESTABLISHED.
        const fields = line.trim().split(/\s+/);
        return (
          fields.length > 9 &&
          fields[3] === "01" &&
          fields[2].endsWith(`:${hexPort}`) &&
          inodes.has(fields[9])
        );
      }),
  );
}

function safeReadlink(file: string): string {
  try {
    return readlinkSync(file);
  } catch {
    return ""; // the descriptor closed while we looked
  }
}

/** The POSTs JOD got and the deployments it accepted. */
export function jodRecords(emulator: RunningEmulator): { posts: number; accepted: string[] } {
  return {
    posts: emulator.requests().length,
    accepted: emulator.deployments().map((deployment) => deployment.deploymentId),
  };
}

/**
 * Sets up the moment of a hard stop: what to release once the provider is gone, and when (given
 * the output so far) to kill. Shared by the dynamic provider's rows and the plugin's.
 */
export function arrangeHardStop(
  moment: Moment,
  setup: {
    emulator: RunningEmulator;
    relay?: RelayProcess;
    journalDir: string;
    /** Whether the provider (or plugin) has a connection open to this loopback port. */
    providerConnectedTo: (port: number) => boolean;
  },
): { release: () => void; when: (output: string) => boolean } {
  const { emulator, relay, journalDir } = setup;
  if (moment === "before-post" && relay) {
    // The relay is frozen while the provider talks to it: the journal's write before the POST
    // cannot finish, so nothing is sent.
    const port = Number(new URL(relay.baseUrl).port);
    return { release: freezeRelay(relay), when: () => setup.providerConnectedTo(port) };
  }
  if (moment === "before-post") {
    return { release: holdJournalLock(journalDir), when: () => waitsForJournalLock(journalDir) };
  }
  const release = () => {};
  if (moment === "post-held") {
    emulator.setFaults({ responseDelayMs: 600_000 });
    return { release, when: () => emulator.deployments().length === 1 };
  }
  if (moment === "accepted") {
    // With a relay the late callback waits there for the resumed create; without, none comes.
    emulator.setFaults(relay ? { callbackDelayMs: 8_000 } : { callbackMode: "drop" });
    return { release, when: (output) => output.includes("JOD accepted deployment") };
  }
  // As soon as the callback was answered (by the listener, or by the relay that keeps it) and
  // the provider said JOD accepted (it says so once the journal has the deployment id; a
  // callback can come before JOD's answer is read): earlier than the provider's "ready:" line
  // reaches the CLI's output, and so more often before the engine recorded the result.
  return {
    release,
    when: (output) =>
      output.includes("JOD accepted deployment") &&
      emulator
        .deployments()
        .some((deployed) =>
          deployed.callbackDeliveries.some((d) => d.httpStatus !== null && d.httpStatus < 300),
        ),
  };
}

/** What one row's runs left: for the results table. */
export interface HardStopResult {
  posts: number;
  accepted: number;
  status: unknown;
  id: string | undefined;
  resumed: string;
}

/**
 * One row on a fresh stack: arrange the moment, SIGKILL, check the stopped processes are gone
 * (an orphaned provider exits by itself), then `pulumi cancel`, `pulumi refresh
 * --clear-pending-creates` and `pulumi up`, and check JOD sold one deployment and the stack holds it.
 */
export async function runHardStopRow(
  row: HardStopRow,
  setup: { emulator: RunningEmulator; config: ConfigMap; relay?: RelayProcess; name: string },
): Promise<HardStopResult> {
  const { emulator, relay, name } = setup;
  emulator.reset();
  const deployment = await SwitchableDeploymentStack.create(setup.config);
  const { workDir } = deployment.stack;
  const journalDir = path.join(workDir, "journal");
  try {
    // A held answer is given up at the request timeout (min(30 s, timeoutSeconds)).
    deployment.declare(name, { timeoutSeconds: row.moment === "post-held" ? 10 : 120 });
    // Killing the CLI: the stack's outputs wait for good, because the inline program runs inside
    // jest and an output registration cut by the kill would reject where nothing can catch it.
    // (Killing only the provider leaves the CLI to end the up.)
    if (row.moment === "callback-arrived" && row.kill === "pulumi-group") deployment.holdOutputs();
    const { release, when } = arrangeHardStop(row.moment, {
      emulator,
      relay,
      journalDir,
      providerConnectedTo: (port) => {
        try {
          return connectedTo(engineProcessesIn(workDir).provider.pid, port);
        } catch {
          return false; // the engine's provider process does not run yet
        }
      },
    });
    let stopped;
    try {
      stopped = await upHardStopped(deployment.stack, when, row.kill, {
        mayFinish: row.moment === "callback-arrived",
      });
      // Released only once the provider is gone, so that nothing it blocked on moves on.
      expect(await waitForExit(stopped.processes.provider.pid, 60_000)).toBe(true);
    } finally {
      release();
    }
    expect(await waitForExit(stopped.processes.cli.pid, 60_000)).toBe(true);
    if (row.moment === "before-post") expect(emulator.requests()).toHaveLength(0);
    else expect(emulator.requests()).toHaveLength(1);
    emulator.setFaults({ responseDelayMs: 0 });

    await clearAfterHardStop(deployment.stack);
    deployment.declare(name, { timeoutSeconds: row.resumeTimeoutSeconds });
    const resumed = await upEitherWay(deployment);
    const { posts, accepted } = jodRecords(emulator);
    const kept = await deployment.recorded();
    const status = kept[0]?.outputs?.status;
    const result = { posts, accepted: accepted.length, status, id: kept[0]?.id, resumed };
    console.log(
      `hard stop ${relay ? "relay" : "direct"} ${row.moment} ${row.kill}: ` +
        `${posts} POST(s), ${accepted.length} accepted, final ${String(status)} ${kept[0]?.id}; ` +
        `${stopped.killed}; the stopped up ${stopped.finished ? "had finished" : "failed"}`,
    );
    expect(posts).toBe(row.posts);
    if (row.resumedSays !== undefined) expect(resumed).toContain(row.resumedSays);
    expect(accepted).toHaveLength(1);
    expect(kept).toHaveLength(1);
    expect(row.finalStatus).toContain(status);
    if (status === "unconfirmed") {
      expect(kept[0].id).toMatch(/^unconfirmed-\d+$/);
      expect(resumed).toContain(
        "was stopped before JOD's answer arrived, so it was not posted again",
      );
    } else {
      expect(kept[0].id).toBe(accepted[0]);
    }
    return result;
  } finally {
    await deployment.remove();
  }
}
