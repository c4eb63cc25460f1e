import type { DeploymentInputs, DeploymentOutputs } from "../../provider/src/deployment-state";
import type { InterruptSignal } from "../../provider/src/runtime/interruption-guard";
import { createRecorderDeploymentProvider } from "../../provider/src/runtime/recorder-deployment-provider";
import {
  ModelChannel,
  ModelJod,
  ModelJournal,
  ModelNetwork,
  type JodAnswer,
  type JournalDeath,
  type Purchase,
} from "./model-parts";

/** How one create's run goes: JOD's answer and callback, how it stops, the journal, the save. */
export interface CreateFaults {
  answer: JodAnswer;
  callback: boolean;
  /**
   * - `none`: the create ends by itself (a callback, or its deadline);
   * - `cancel`, `sigint`: the engine's Cancel or a SIGINT while it waits for the callback;
   * - `signal-before-post`: a SIGINT right after the journal's `sending` write;
   * - `orphan`: the engine is gone while it waits (the provider hands over to nobody);
   * - `kill-*`: `kill -9` of the provider right after that journal write, or (`kill-at-jod`)
   *   once JOD has the POST.
   */
  stop:
    | "none"
    | "cancel"
    | "sigint"
    | "signal-before-post"
    | "orphan"
    | "kill-after-sending"
    | "kill-at-jod"
    | "kill-after-accepted"
    | "kill-after-done";
  /** Whether the checkpoint with the create's result is saved. */
  checkpoint: "saved" | "failed";
  /** `down`: the relay journal is unreachable; `fails-after-post`: it goes down once JOD has the POST. */
  journal: "up" | "down" | "fails-after-post";
}

/** One thing a user (or the world) does to the stack. */
export type ModelOp =
  | { kind: "up" | "replace" | "change"; create: CreateFaults }
  | { kind: "replace-journal-down" }
  | { kind: "destroy"; journalDown: boolean }
  | { kind: "refresh-clear" }
  | { kind: "refresh-import" }
  | { kind: "expire" }
  | { kind: "fresh-runner" };

const IDENTITY = "model/dev/jod:RecorderDeployment::recorders";
const START = Date.parse("2030-01-01T00:00:00.000Z");
const DURATION_HOURS = 3;

/** What the engine keeps for the one resource of the model's stack. */
interface EngineState {
  resource?: { id: string; outs: Record<string, unknown>; pendingReplacement: boolean };
  pendingCreate: boolean;
}

/**
 * One stack with one RecorderDeployment, the engine's part played by the model (delete before
 * replace, pending creates, checkpoints that fail), the provider's part by the real provider
 * code, each run in a new provider "process" over the shared journal, network and JOD.
 */
export class ModelWorld {
  readonly network = new ModelNetwork();
  readonly jod = new ModelJod(this.network);
  readonly journal = new ModelJournal();
  readonly state: EngineState = { pendingCreate: false };
  /** Every line the provider logged and every error the engine showed. */
  readonly output: string[] = [];
  readonly violations: string[] = [];
  /** The intent a purchase now answers: a first create, changed inputs, `--replace`, renewal. */
  intent = 1;
  private clock = START;
  private recorders = 1;
  private processes = 0;
  /** The engine's close of each provider process the current run started. */
  private readonly closes: (() => void)[] = [];
  /** The inputs of the latest create: a pending create's, when it stays pending. */
  private pendingInputs?: DeploymentInputs;
  /** Where the output of the latest create begins. */
  private lastCreateOutput = 0;
  /** How many purchases were made before a fresh runner lost the local journal. */
  private boughtBeforeJournalLoss = 0;

  constructor(readonly relay: boolean) {}

  async apply(op: ModelOp): Promise<void> {
    await this.run(op);
    for (const close of this.closes.splice(0)) close();
  }

  private async run(op: ModelOp): Promise<void> {
    switch (op.kind) {
      case "up":
        return this.up(op.create);
      case "change":
        this.recorders += 1;
        this.intent += 1;
        return this.up(op.create);
      case "replace":
        return this.replace(op.create, false);
      case "replace-journal-down":
        return this.replace(CLEAN, true);
      case "destroy":
        return this.destroy(op.journalDown);
      case "refresh-clear":
        this.state.pendingCreate = false;
        return this.refresh();
      case "refresh-import":
        return this.importPending();
      case "expire":
        this.clock += (DURATION_HOURS + 1) * 3_600_000;
        return;
      case "fresh-runner":
        // A relay journal outlives runners; a local one is lost with its runner.
        if (!this.relay) {
          this.journal.clear();
          this.boughtBeforeJournalLoss = this.jod.purchases.length;
        }
        return;
    }
  }

  /** The recovery the README gives, then a plain `pulumi up` with nothing going wrong. */
  async finish(): Promise<void> {
    if (this.state.pendingCreate) await this.apply({ kind: "refresh-clear" });
    await this.apply({ kind: "up", create: CLEAN });
  }

  /** What the sequence must leave: checked after {@link finish}. */
  check(): string[] {
    const byIntent = new Map<number, string[]>();
    // A local journal lost with its runner takes the evidence with it: a second purchase is then
    // possible, as the README says (keep the journal in the relay or a CI cache). Purchases made
    // before such a loss are left out of the checks; every later one is held to them.
    const excused = (id: string) => this.purchaseIndex(id) < this.boughtBeforeJournalLoss;
    for (const { intent, deploymentId } of this.jod.purchases) {
      byIntent.set(intent, [...(byIntent.get(intent) ?? []), deploymentId]);
    }
    for (const [intent, ids] of byIntent) {
      if (ids.filter((id) => !excused(id)).length > 1) {
        this.fail(`intent ${intent} bought ${ids.length} times: ${ids.join(", ")}`);
      }
    }
    const latest = (byIntent.get(this.intent) ?? []).filter(
      (id, index, ids) => index === ids.length - 1 || !excused(id),
    );
    const held = this.state.resource;
    if (!held) {
      this.fail("after the recovery and a clean `pulumi up` the stack holds no deployment");
    } else if (held.id.startsWith("unconfirmed-")) {
      // A POST whose answer was never recorded: JOD may hold one deployment for it, or none.
      if (latest.length > 1)
        this.fail(`the latest intent (${this.intent}) bought ${latest.length}`);
    } else if (latest.length !== 1) {
      this.fail(`the latest intent (${this.intent}) bought ${latest.length} deployments`);
    } else if (!this.holds(latest[0])) {
      this.fail(`the stack holds ${held.id}, not ${latest[0]}, the purchase of the latest intent`);
    }
    for (const purchase of this.jod.purchases) {
      if (!excused(purchase.deploymentId) && !this.accountedFor(purchase)) {
        this.fail(`${purchase.deploymentId} was paid for but is neither in the stack nor named`);
      }
    }
    return this.violations;
  }

  private async up(faults: CreateFaults): Promise<void> {
    if (this.state.pendingCreate) {
      // The engine will not update a stack with a pending create until it is cleared.
      this.output.push("error: the stack has a pending create");
      return;
    }
    const process = this.process(faults);
    const { resource } = this.state;
    if (!resource || resource.pendingReplacement) return this.create(process, faults);
    const diff = await process.provider.diff(resource.id, resource.outs as never, this.inputs());
    if ((diff.replaces ?? []).length === 0) return;
    if (!diff.deleteBeforeReplace) this.fail("a replacement was not made delete-before-replace");
    if (await this.deleteFor(process, true)) await this.create(process, faults);
  }

  private async replace(faults: CreateFaults, journalDown: boolean): Promise<void> {
    if (this.state.pendingCreate) return this.up(faults);
    const process = this.process(faults);
    if (!this.state.resource) return this.create(process, faults);
    this.journal.down = journalDown;
    const deleted = await this.deleteFor(process, true);
    this.journal.down = false;
    if (!deleted) return; // the error says nothing was bought: the user runs it again
    this.intent += 1;
    await this.create(process, faults);
  }

  private async destroy(journalDown: boolean): Promise<void> {
    if (!this.state.resource || this.state.pendingCreate) return;
    const process = this.process(CLEAN);
    this.journal.down = journalDown;
    const deleted = await this.deleteFor(process, false);
    this.journal.down = false;
    if (deleted) this.intent += 1;
  }

  private async refresh(): Promise<void> {
    const { resource } = this.state;
    if (!resource) return;
    const process = this.process(CLEAN);
    const read = await process.provider.read(resource.id, resource.outs as never);
    if (read.id === "" || read.id === undefined) this.state.resource = undefined;
    else this.state.resource = { ...resource, id: read.id, outs: read.props ?? {} };
  }

  /** `--import-pending-creates <urn> <id>` with the id the output gave, else a plain clear. */
  private async importPending(): Promise<void> {
    if (!this.state.pendingCreate) return;
    // The id the stopped run named, as a user copies it from its output; without one, a clear.
    const stopped = this.output.slice(this.lastCreateOutput).join("\n");
    const named = stopped.match(/JOD accepted deployment (dep-\d+)/);
    this.state.pendingCreate = false;
    if (named) {
      // The engine imports it with the pending create's inputs.
      const outs = { ...this.pendingInputs } as Record<string, unknown>;
      this.state.resource = { id: named[1], outs, pendingReplacement: false };
    }
    await this.refresh();
  }

  private async deleteFor(process: ModelProcess, replacing: boolean): Promise<boolean> {
    const resource = this.state.resource as NonNullable<EngineState["resource"]>;
    try {
      await process.provider.delete(resource.id, resource.outs as never);
    } catch (error) {
      this.output.push(`error: ${(error as Error).message}`);
      return false;
    }
    if (replacing) resource.pendingReplacement = true;
    else this.state.resource = undefined;
    return true;
  }

  private async create(process: ModelProcess, faults: CreateFaults): Promise<void> {
    this.lastCreateOutput = this.output.length;
    this.pendingInputs = this.inputs();
    this.state.pendingCreate = true;
    this.journal.down = faults.journal === "down";
    const created = process.provider.create(this.inputs()).then(
      (result) => ({ kind: "created" as const, id: result.id as string, outs: result.outs }),
      (error: Error & { id?: string; properties?: Record<string, unknown> }) => ({
        kind: "error" as const,
        error,
      }),
    );
    const result = await Promise.race([created, process.died]);
    this.journal.down = false;
    if (result === "died") return; // the pending create stays: the CLI recorded nothing more
    if (faults.stop === "orphan") return; // nobody received the result
    if (faults.checkpoint === "failed") {
      this.output.push("error: post-step event returned an error: failed to save snapshot");
      return;
    }
    this.state.pendingCreate = false;
    if (result.kind === "created") {
      this.state.resource = { id: result.id, outs: result.outs, pendingReplacement: false };
      return;
    }
    this.output.push(`error: ${result.error.message}`);
    const { id, properties } = result.error;
    if (id !== undefined && properties !== undefined) {
      this.state.resource = { id, outs: properties, pendingReplacement: false };
    }
  }

  /** A new provider process wired to the world, dying or interrupted as `faults` says. */
  private process(faults: CreateFaults): ModelProcess {
    const number = (this.processes += 1);
    let die = () => {};
    const died = new Promise<"died">((resolve) => (die = () => resolve("died")));
    const cancel = new AbortController();
    const listeners: ((signal: InterruptSignal) => void)[] = [];
    let interrupted = false;
    const interrupt = () => {
      interrupted = true;
      if (faults.stop === "sigint" || faults.stop === "signal-before-post")
        listeners[0]?.("SIGINT");
      else cancel.abort();
    };
    const dieAfter: JournalDeath =
      faults.stop === "kill-after-sending"
        ? "sending"
        : faults.stop === "kill-after-accepted"
          ? "accepted"
          : faults.stop === "kill-after-done"
            ? "done"
            : undefined;
    const journal = this.journal.forProcess(dieAfter, die);
    const channel = new ModelChannel(this.network, {
      relay: this.relay,
      process: number,
      ending: ["cancel", "sigint", "orphan"].includes(faults.stop) ? "interrupt" : "deadline",
      interrupt,
      relayDown: () => this.journal.down,
    });
    const provider = createRecorderDeploymentProvider({
      createClient: () => ({
        deployRecorders: async (request) => {
          if (interrupted) this.fail(`process ${number} posted to JOD after a signal`);
          const answer = this.jod.deploy(request, {
            answer: faults.answer,
            callback: faults.callback,
            intent: this.intentAt(this.clock),
            now: this.clock,
            process: number,
            ...(faults.stop === "kill-at-jod" ? { dieAfterPost: die } : {}),
          });
          if (faults.journal === "fails-after-post") this.journal.down = true;
          return answer;
        },
      }),
      now: () => new Date(this.clock),
      env: this.env(),
      log: (line) => this.output.push(line),
      cancelled: cancel.signal,
      channel,
      journal: wrapForSignal(journal, faults, interrupt),
      signals: {
        on: (_: InterruptSignal, listener) => listeners.push(listener),
        exit: () => {},
      },
    });
    let dead = false;
    void died.then(() => (dead = true));
    // The engine's close at the end of every run, failed or not: a SIGINT, which says nothing
    // about what the checkpoint holds (a process killed earlier receives nothing).
    this.closes.push(() => {
      if (!dead && !interrupted) listeners[0]?.("SIGINT");
    });
    return { provider, died };
  }

  /** The intent a POST at `now` answers: a new one (renewal) once the last purchase expired. */
  private intentAt(now: number): number {
    const last = this.jod.purchases.filter((purchase) => purchase.intent === this.intent).pop();
    if (last && now >= last.boughtAt + DURATION_HOURS * 3_600_000) this.intent += 1;
    return this.intent;
  }

  private inputs(): DeploymentInputs {
    return {
      domain: "meet.example.com",
      recorders: this.recorders,
      duration: DURATION_HOURS,
      location: "lon",
      timeoutSeconds: 60,
      __jodIdentity: IDENTITY,
    } as DeploymentInputs;
  }

  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      JOD_API_KEY: "model-api-key-0123456789",
      JOD_ENDPOINT: "http://127.0.0.1:9",
    };
    if (this.relay) {
      env.JOD_CALLBACK_RELAY = "http://127.0.0.1:1/jod-relay";
      env.JOD_RELAY_SECRET = "5ec2e7".repeat(10) + "abcd";
    }
    return env;
  }

  private holds(deploymentId: string): boolean {
    const held = this.state.resource;
    return (
      held?.id === deploymentId ||
      (held?.outs as Partial<DeploymentOutputs>)?.deploymentId === deploymentId
    );
  }

  /**
   * In the stack, named in what the user saw, or standing in the stack as the `unconfirmed`
   * entry of the POST that bought it (its answer lost, the id unknown to anyone but JOD).
   */
  private accountedFor({ deploymentId, boughtAt }: Purchase): boolean {
    const sentAt = new Date(boughtAt).toISOString();
    return (
      this.holds(deploymentId) ||
      this.named(deploymentId) ||
      // The stack's `unconfirmed` entry for its POST, held or named when the user let it go.
      this.holds(`unconfirmed-${boughtAt}`) ||
      this.named(`unconfirmed-${boughtAt}`) ||
      // Expired: it ran its paid time whatever the stack says.
      boughtAt + DURATION_HOURS * 3_600_000 <= this.clock ||
      // Its answer never read, an abandoned request is named by when it was sent.
      this.output.some((line) => line.includes("WARNING") && line.includes(sentAt))
    );
  }

  private named(deploymentId: string): boolean {
    return this.output.some((line) => new RegExp(`\\b${deploymentId}\\b`).test(line));
  }

  private purchaseIndex(deploymentId: string): number {
    return this.jod.purchases.findIndex((purchase) => purchase.deploymentId === deploymentId);
  }

  private fail(violation: string): void {
    this.violations.push(violation);
  }
}

/** A run with nothing going wrong: JOD accepts and calls back. */
export const CLEAN: CreateFaults = {
  answer: "accept",
  callback: true,
  stop: "none",
  checkpoint: "saved",
  journal: "up",
};

interface ModelProcess {
  provider: ReturnType<typeof createRecorderDeploymentProvider>;
  died: Promise<"died">;
}

/** For `signal-before-post`: the signal comes right after the `sending` write. */
function wrapForSignal(
  journal: ReturnType<ModelJournal["forProcess"]>,
  faults: CreateFaults,
  interrupt: () => void,
): ReturnType<ModelJournal["forProcess"]> {
  if (faults.stop !== "signal-before-post") return journal;
  return {
    ...journal,
    write: async (entry) => {
      await journal.write(entry);
      if (entry.phase === "sending") interrupt();
    },
  };
}
