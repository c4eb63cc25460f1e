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
}

/**
 * Records that the stack let go of a deployment: the engine's Delete of it (`pulumi destroy`, a
 * replacement, which deletes before it creates, or a location removed from a fleet) or a
 * refresh that dropped it at expiry. This is the evidence that makes a later create of the
 * same resource buy anew instead of adopting it; it throws when it cannot be written, so that
 * a Delete fails rather than leave a replacement to take the old deployment back. Stacks
 * written before the journal have no identity in state: nothing to record.
 */
export async function releaseInJournal(
  context: ProviderContext,
  props: DeploymentOutputs,
  why: string,
): Promise<void> {
  const identity = identityOf(props);
  if (identity === undefined) return;
  const journal = journalFor(context);
  const current = await journal.read(identity);
  if (current !== undefined && !describesThisPurchase(current, props)) {
    // Another purchase of the resource (a create-before-delete replacement, or one stopped
    // hard) is journaled over it: keep that one, which a later create adopts.
    context.log(
      `deployment journal: keeping the entry of ${current.deploymentId ?? `the request sent at ${current.deployedAt}`} ` +
        `(not ${props.deploymentId}): a later create of this resource adopts it rather than buying again`,
    );
    return;
  }
  await journal.write({
    identity,
    phase: "done",
    request: deploymentRequest(props),
    ...(props.deploymentId === undefined ? {} : { deploymentId: props.deploymentId }),
    ...(current?.account === undefined ? {} : { account: current.account }),
    outcome: { kind: "released", message: why },
    updatedAt: context.deps.now().toISOString(),
  });
}

/** Whether `entry` records the purchase the stack holds as `props`, or nothing left to adopt. */
function describesThisPurchase(entry: JournalEntry, props: DeploymentOutputs): boolean {
  const { outcome } = entry;
  if (outcome?.kind === "released" || outcome?.kind === "failed") return true;
  if (entry.deploymentId !== undefined) return entry.deploymentId === props.deploymentId;
  return entry.deployedAt === props.deployedAt;
}
