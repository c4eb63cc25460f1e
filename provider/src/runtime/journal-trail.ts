import {
  deploymentRequest,
  type DeploymentInputs,
  type DeploymentOutputs,
} from "../deployment-state";
import { FileDeploymentJournal } from "../journal/file-journal";
import { JournalError, type DeploymentJournal, type JournalEntry } from "../journal/journal-entry";
import { RelayDeploymentJournal } from "../journal/relay-journal";
import type { ProviderContext } from "./provider-context";

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
export function identityOf(inputs: Partial<DeploymentInputs>): string | undefined {
  const identity = (inputs as { __jodIdentity?: unknown }).__jodIdentity;
  return typeof identity === "string" && identity !== "" ? identity : undefined;
}

/**
 * One create's journal entry. The one rule for writes: before the POST a failed write stops
 * the create (nothing was bought); once JOD may have deployed, writes are best effort: a failure
 * is logged with the deployment and the create still hands its result to the engine, which then
 * holds what the journal could not. A resource without an identity (stacks before 0.2.0) has no
 * entry: every method then does nothing.
 */
export class JournalTrail {
  private entry?: JournalEntry;

  constructor(
    private readonly context: ProviderContext,
    private readonly identity: string | undefined,
  ) {}

  /** The resource's entry, or the error that says it is corrupt; other failures throw. */
  async read(): Promise<JournalEntry | JournalError | undefined> {
    if (this.identity === undefined) return undefined;
    try {
      return (this.entry = await journalFor(this.context).read(this.identity));
    } catch (error) {
      if (error instanceof JournalError && error.code === "JOURNAL_CORRUPT") return error;
      throw error;
    }
  }

  /** Starts a new purchase's entry, right before the POST: throws when it cannot be written. */
  async beforePost(fresh: Omit<JournalEntry, "identity" | "updatedAt">): Promise<void> {
    if (this.identity === undefined) return;
    const updatedAt = this.context.deps.now().toISOString();
    this.entry = { ...fresh, identity: this.identity, updatedAt };
    await journalFor(this.context).write(this.entry);
  }

  /** Records a step once JOD may have deployed: best effort, never throws. */
  async afterPost(change: Partial<JournalEntry>, what: string): Promise<void> {
    if (!this.entry) return;
    this.entry = { ...this.entry, ...change, updatedAt: this.context.deps.now().toISOString() };
    try {
      await journalFor(this.context).write(this.entry);
    } catch (error) {
      this.context.log(
        `WARNING: deployment journal: could not record ${what} (${(error as Error).message}). ` +
          "The stack still gets the deployment; if this run is stopped hard before it records " +
          "it, check the JOD dashboard before the next `pulumi up`.",
      );
    }
  }

  /** The engine was handed `deploymentId`: its orderly close will confirm that it holds it. */
  handedOver(deploymentId: string): void {
    if (this.identity !== undefined) this.context.handedOver.set(this.identity, deploymentId);
  }
}

/**
 * Records that the engine holds `deploymentId` for this resource, as a call that carries it
 * (diff, read, update, delete) or the engine's orderly close shows: a later create of the
 * resource is then a new purchase (`--replace`), not a resume. Best effort.
 */
export async function markHeld(
  context: ProviderContext,
  identity: string | undefined,
  deploymentId: string | undefined,
): Promise<void> {
  const key = `${identity}\n${deploymentId}`;
  if (identity === undefined || deploymentId === undefined || context.held.has(key)) return;
  const what = `note that the stack holds ${deploymentId}`;
  // Whatever the entry's phase: a write after JOD accepted may have failed.
  const noted = await bestEffort(context, identity, what, (entry) =>
    entry?.deploymentId === deploymentId && !entry.held ? { ...entry, held: true } : undefined,
  );
  if (noted) context.held.add(key);
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
  // The resource leaves the stack even if this fails; a later create would adopt, not buy.
  await bestEffort(context, identity, "record the release", (current) =>
    // A replacement deletes the old deployment after the new one was journaled: keep that.
    current?.deploymentId !== undefined && current.deploymentId !== props.deploymentId
      ? undefined
      : {
          identity,
          phase: "done",
          request: deploymentRequest(props),
          ...(props.deploymentId === undefined ? {} : { deploymentId: props.deploymentId }),
          outcome: { kind: "released", message: why },
        },
  );
}

/**
 * Reads the resource's entry and writes what `change` makes of it (nothing when it gives
 * undefined), stamped now. Best effort: a failure is logged as "could not `what`" (false).
 */
async function bestEffort(
  context: ProviderContext,
  identity: string,
  what: string,
  change: (entry: JournalEntry | undefined) => Omit<JournalEntry, "updatedAt"> | undefined,
): Promise<boolean> {
  try {
    const journal = journalFor(context);
    const next = change(await journal.read(identity));
    if (next) await journal.write({ ...next, updatedAt: context.deps.now().toISOString() });
    return true;
  } catch (error) {
    context.log(`deployment journal: could not ${what}: ${(error as Error).message}`);
    return false;
  }
}
