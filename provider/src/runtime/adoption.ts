import type * as pulumi from "@pulumi/pulumi";
import {
  deploymentRequest,
  REPLACE_ON_CHANGE,
  type DeploymentInputs,
  type DeploymentOutputs,
} from "../deployment-state";
import { JodError } from "../errors";
import type { Deployment, KeptDeployment } from "./create";
import { FileDeploymentJournal } from "../journal/file-journal";
import type { DeploymentJournal, JournalEntry, JournalOutcome } from "../journal/journal-entry";
import { RelayDeploymentJournal } from "../journal/relay-journal";
import {
  baseOutputs,
  describeDeployment,
  withRecorders,
  type ProviderContext,
} from "./provider-context";

/** How long an adopting create asks the relay for the callback of an unanswered POST. */
export const UNANSWERED_RELAY_WAIT_MS = 3_000;

/**
 * The journal of this process: in the relay when there is one (a fresh CI runner then sees
 * what a cancelled one did), otherwise a local directory. The local one is pruned once.
 */
export function journalFor(context: ProviderContext): DeploymentJournal {
  if (context.journal) return context.journal;
  const { relay } = context.settings;
  const journal = relay ? new RelayDeploymentJournal(relay) : new FileDeploymentJournal();
  journal.prune(context.deps.now()).then(
    ({ corrupt }) => {
      for (const file of corrupt)
        context.log(`deployment journal: ${file} is unreadable; left in place`);
    },
    (error: unknown) =>
      context.log(`deployment journal: pruning failed: ${(error as Error).message}`),
  );
  context.journal = journal;
  return journal;
}

/** The identity a RecorderDeployment sets as its hidden input; stacks before 0.2.0 have none. */
export function identityOf(inputs: DeploymentInputs): string | undefined {
  const identity = (inputs as { __jodIdentity?: unknown }).__jodIdentity;
  return typeof identity === "string" && identity !== "" ? identity : undefined;
}

/**
 * A create's entry in the journal, from before it posts until it hands its result to the engine.
 * Without an identity (resources of stacks written before 0.2.0) it records nothing.
 */
export interface JournalTrail {
  /** What an earlier run's entry lets this create do instead of posting. */
  readonly plan: Resumption;
  /** The callback channel of the earlier run, so that a callback JOD sent to it still arrives. */
  readonly earlierChannel: { token?: string; nonce?: string };
  /** Starts this create's entry (written by the next `note`). */
  begin(channel: { token: string; nonce?: string }, deadline: number): void;
  note(change: Partial<JournalEntry>): Promise<void>;
  /** Journals the result as done before the engine gets it, so that a later run can replay it. */
  handOver(outcome: JournalOutcome): Promise<void>;
}

/** Reads what an earlier run of this create left, and starts this run's trail. */
export async function startJournalTrail(
  context: ProviderContext,
  inputs: DeploymentInputs,
): Promise<JournalTrail> {
  const { deps, settings } = context;
  const identity = identityOf(inputs);
  const journal = identity === undefined ? undefined : journalFor(context);
  const earlier = journal && identity ? await journal.read(identity) : undefined;
  const plan: Resumption = identity
    ? resumption(context, identity, inputs, earlier)
    : { kind: "post" };
  const resumed = plan.kind === "adopt" || plan.kind === "unanswered" ? plan.entry : undefined;
  // Writes are awaited: a journal that cannot be written stops the create before it buys.
  let entry = plan.kind === "done" ? earlier : undefined;
  const note = async (change: Partial<JournalEntry>) => {
    if (!journal || !entry) return;
    entry = { ...entry, ...change, updatedAt: deps.now().toISOString() };
    await journal.write(entry);
  };
  return {
    plan,
    earlierChannel: { token: resumed?.callbackToken, nonce: resumed?.callbackNonce },
    begin(channel, deadline) {
      if (identity === undefined) return;
      entry = {
        ...resumed,
        identity,
        phase: resumed?.phase ?? "intent",
        updatedAt: deps.now().toISOString(),
        deadline: new Date(deadline).toISOString(),
        // Until JOD answers, the latest a deployment from this request could still run.
        expiresAt: new Date(deadline + inputs.duration * 3_600_000).toISOString(),
        request: deploymentRequest(inputs),
        ...(settings.relay ? { callbackNonce: channel.nonce } : { callbackToken: channel.token }),
      };
    },
    note,
    handOver: (outcome) => note({ phase: "done", outcome }),
  };
}

/** What an earlier run's entry lets this create do instead of posting. */
export type Resumption =
  | { kind: "post" }
  | { kind: "done"; result: pulumi.dynamic.CreateResult }
  | { kind: "adopt"; entry: JournalEntry & { deploymentId: string } }
  | { kind: "unanswered"; entry: JournalEntry };

/**
 * Reads what an earlier run of this resource's create left (a hard stop leaves the engine with
 * a pending create, and the next `up` creates again with the same inputs) and decides, without
 * guessing, whether posting again could buy the same deployment twice.
 */
export function resumption(
  context: ProviderContext,
  identity: string,
  inputs: DeploymentInputs,
  entry: JournalEntry | undefined,
): Resumption {
  const { log } = context;
  if (!entry) return { kind: "post" };
  const replacing = context.replacing.has(identity);
  const expired =
    entry.expiresAt !== undefined && Date.parse(entry.expiresAt) <= context.deps.now().getTime();
  const same = REPLACE_ON_CHANGE.every((key) => entry.request[key] === inputs[key]);
  // A replacement, changed inputs or an expired deployment want new recorders: buy them.
  if (replacing || !same || expired) return { kind: "post" };
  const outcome = entry.outcome;
  if (outcome?.kind === "released") return { kind: "post" };
  if (entry.phase === "intent" || outcome?.kind === "failed") {
    log(`deployment journal: an earlier run sent nothing (or JOD refused it): deploying normally`);
    return { kind: "post" };
  }
  if (
    entry.phase === "sending" ||
    (outcome?.kind === "partial" && outcome.status === "unconfirmed")
  ) {
    return { kind: "unanswered", entry };
  }
  if (entry.deploymentId === undefined) return { kind: "unanswered", entry };
  if (outcome?.kind === "ready") {
    log(
      `deployment journal: deployment ${entry.deploymentId} (${describeDeployment(inputs)}) was ` +
        "bought and confirmed by an earlier run that stopped before the stack recorded it: " +
        "adopting it, nothing is bought again",
    );
    const outs = outputsFrom(inputs, entry, entry.deploymentId);
    const result = {
      id: entry.deploymentId,
      outs: withRecorders(outs, outcome.recorders, outcome.message),
    };
    return { kind: "done", result };
  }
  log(
    `deployment journal: JOD accepted deployment ${entry.deploymentId} (${describeDeployment(inputs)}) ` +
      "in an earlier run that stopped before the stack recorded it: adopting it (nothing is " +
      "bought again) and waiting for its callback",
  );
  return { kind: "adopt", entry: { ...entry, deploymentId: entry.deploymentId } };
}

/** The outputs an entry of the journal stands for, before any callback. */
export function outputsFrom(
  inputs: DeploymentInputs,
  entry: JournalEntry,
  deploymentId: string,
): DeploymentOutputs {
  const deployedAt = new Date(entry.deployedAt ?? entry.updatedAt);
  return {
    ...baseOutputs(inputs, deploymentId, deployedAt, ""),
    ...(entry.balance === undefined ? {} : { balance: entry.balance }),
    ...(entry.callbackNonce === undefined ? {} : { callbackNonce: entry.callbackNonce }),
  };
}

/**
 * What an earlier run's entry stands for: the deployment JOD accepted, or a POST whose answer
 * never came, kept `unconfirmed` unless the relay holds its callback (which tells the id).
 */
export function resumedDeployment(
  context: ProviderContext,
  inputs: DeploymentInputs,
  plan: Extract<Resumption, { kind: "adopt" | "unanswered" }>,
): Deployment {
  const { entry } = plan;
  if (plan.kind === "adopt")
    return { base: outputsFrom(inputs, plan.entry, plan.entry.deploymentId) };
  const waitMs = context.settings.relay ? UNANSWERED_RELAY_WAIT_MS : 0;
  const base = outputsFrom(inputs, entry, "(unknown id)");
  return { base, lost: { waitMs, kept: unansweredEarlierPost(inputs, entry) } };
}

/**
 * An earlier run sent the POST but was stopped before JOD's answer was recorded: JOD may have
 * deployed (and charged). Posting again could buy twice, so the stack keeps it `unconfirmed`.
 */
export function unansweredEarlierPost(
  inputs: DeploymentInputs,
  entry: JournalEntry,
): KeptDeployment {
  const outs = outputsFrom(
    inputs,
    entry,
    `unconfirmed-${Date.parse(entry.deployedAt ?? entry.updatedAt)}`,
  );
  const error = new JodError(
    `An earlier run sent this deployment (${describeDeployment(inputs)}) to JOD at ` +
      `${outs.deployedAt} and was stopped before JOD's answer arrived, so it was not posted again. ` +
      "Check the JOD dashboard's deployments list for a deployment made then.",
    { code: "INTERRUPTED", mayHaveDeployed: true },
  );
  return { status: "unconfirmed", error, outs };
}

/**
 * Records that the stack let go of a deployment (`pulumi destroy`, or refresh dropping it at
 * expiry), so that a later create of the same resource buys anew instead of adopting it.
 * Stacks written before the journal have no identity in state: nothing to record.
 */
export async function releaseInJournal(
  context: ProviderContext,
  props: DeploymentOutputs,
  why: string,
): Promise<void> {
  const identity = identityOf(props);
  if (identity === undefined) return;
  try {
    const journal = journalFor(context);
    // A replacement deletes the old deployment after the new one was journaled: keep that.
    const current = await journal.read(identity);
    if (current?.deploymentId !== undefined && current.deploymentId !== props.deploymentId) return;
    await journal.write({
      identity,
      phase: "done",
      updatedAt: context.deps.now().toISOString(),
      request: deploymentRequest(props),
      ...(props.deploymentId === undefined ? {} : { deploymentId: props.deploymentId }),
      outcome: { kind: "released", message: why },
    });
  } catch (error) {
    // The resource leaves the stack either way; a later create would adopt instead of buying.
    context.log(`deployment journal: could not record the release: ${(error as Error).message}`);
  }
}
