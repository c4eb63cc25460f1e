import type { CallbackChannel, CallbackLease } from "../../provider/src/callbacks/callback-channel";
import { CallbackWaitTimeout } from "../../provider/src/callbacks/callback-registry";
import type { DeployRecordersRequest } from "../../provider/src/client/jod-client";
import { JodError } from "../../provider/src/errors";
import {
  assertWritableEntry,
  JournalError,
  type DeploymentJournal,
  type JournalEntry,
  type JournalPhase,
} from "../../provider/src/journal/journal-entry";
import type { CallbackOutcome } from "../../provider/src/parse-jod";

/**
 * A promise that never settles: the process "died" at this point. A new one each time: one
 * shared promise would keep every dead process's continuation, and so its whole world, alive.
 */
export function never(): Promise<never> {
  return new Promise<never>(() => {});
}

/** Where a provider process dies: right after the journal write of a phase. */
export type JournalDeath = JournalPhase | undefined;

/**
 * The deployment journal behind its interface, in memory, shared by every process of a model
 * run: a relay journal, or a local one kept across runners. It can be down (every call throws
 * as an unreachable relay does) and can stop a process after the write of a given phase.
 */
export class ModelJournal implements DeploymentJournal {
  private readonly entries = new Map<string, string>();
  /** While true, reads and writes fail as an unreachable relay's do. */
  down = false;

  /**
   * @param dieAfter the phase after whose write the process stops (`kill -9`)
   * @param onDeath told when it does
   */
  forProcess(dieAfter: JournalDeath, onDeath: () => void): DeploymentJournal {
    return {
      read: (identity) => this.read(identity),
      write: async (entry) => {
        await this.write(entry);
        // A create's own write: a Delete's release is no moment of a create.
        const creates = entry.outcome?.kind !== "released";
        if (dieAfter !== undefined && entry.phase === dieAfter && creates) {
          onDeath();
          await never();
        }
      },
      prune: () => this.prune(),
    };
  }

  async read(identity: string): Promise<JournalEntry | undefined> {
    if (this.down) throw new JournalError("RELAY_UNREACHABLE", "the model relay is down");
    const text = this.entries.get(identity);
    return text === undefined ? undefined : (JSON.parse(text) as JournalEntry);
  }

  async write(entry: JournalEntry): Promise<void> {
    assertWritableEntry(entry);
    if (this.down) throw new JournalError("RELAY_UNREACHABLE", "the model relay is down");
    this.entries.set(entry.identity, JSON.stringify(entry));
  }

  async prune(): Promise<{ removed: number; corrupt: string[] }> {
    return { removed: 0, corrupt: [] };
  }

  /** Forgets everything: a fresh runner's empty local journal. */
  clear(): void {
    this.entries.clear();
  }
}

/** How JOD answers one POST. */
export type JodAnswer = "accept" | "refuse" | "lose-answer";

/** One purchase JOD made: what it charged for, and the intent it answered. */
export interface Purchase {
  deploymentId: string;
  intent: number;
  /** The model clock when it was bought (ms). */
  boughtAt: number;
  process: number;
}

/**
 * Callbacks delivered to URLs, as the network would: the URL of a direct listener names its
 * process (a dead process's URL is served by nobody), a relay URL names only the channel (the
 * relay keeps what came, for any later process to fetch).
 */
export class ModelNetwork {
  private readonly delivered = new Map<string, CallbackOutcome>();

  deliver(url: string, outcome: CallbackOutcome): void {
    this.delivered.set(url, outcome);
  }

  at(url: string): CallbackOutcome | undefined {
    return this.delivered.get(url);
  }
}

/** How one process's callback waits end when no callback is there. */
export type WaitEnding = "deadline" | "interrupt";

/**
 * A process's callback channel behind its interface: the direct listener (URLs of this
 * process) or the relay (URLs of the channel only). A wait with no callback ends at once: at
 * its deadline, or by `interrupt` (a signal, Cancel, the engine gone), which the model fires.
 */
export class ModelChannel implements CallbackChannel {
  constructor(
    private readonly network: ModelNetwork,
    private readonly options: {
      relay: boolean;
      process: number;
      ending: WaitEnding;
      interrupt: () => void;
      relayDown: () => boolean;
    },
  ) {}

  async ready(): Promise<void> {
    if (this.options.relayDown()) throw new Error("the model relay is down");
  }

  urlOf(nonce: string): string {
    return this.options.relay
      ? `https://relay.model/c/${nonce}`
      : `https://process-${this.options.process}.model/c/${nonce}`;
  }

  async open(nonce: string): Promise<CallbackLease> {
    const callbackUrl = this.urlOf(nonce);
    let expected: string | undefined;
    const matches = () => {
      const outcome = this.network.at(callbackUrl);
      if (outcome?.kind === "success" && expected !== undefined) {
        return outcome.deploymentId === expected ? outcome : undefined;
      }
      return outcome;
    };
    return {
      callbackUrl,
      release: async () => {},
      pending: {
        token: nonce,
        dispose: () => {},
        expectDeployment: (deploymentId) => {
          expected = deploymentId;
        },
        wait: async (timeoutMs, signal) => {
          const outcome = matches();
          if (outcome) return outcome;
          if (this.options.ending === "interrupt" && signal) {
            this.options.interrupt();
            if (signal.aborted) throw signal.reason;
          }
          throw new CallbackWaitTimeout(timeoutMs);
        },
      },
    };
  }

  async fetchBuffered(nonce: string, deploymentId: string | undefined) {
    if (!this.options.relay) return undefined;
    const outcome = this.network.at(this.urlOf(nonce));
    if (outcome?.kind === "success" && deploymentId !== undefined) {
      return outcome.deploymentId === deploymentId ? outcome : undefined;
    }
    return outcome;
  }
}

/**
 * JOD as the model plays it: every accepted POST is a purchase (also when its answer is lost),
 * and its callback goes to the URL it was given.
 */
export class ModelJod {
  readonly purchases: Purchase[] = [];
  private next = 1;

  constructor(private readonly network: ModelNetwork) {}

  /**
   * Answers one POST as `answer` says, calling back when `callback` (before the answer is
   * read: a waiting create finds it either way); `dieAfterPost` stops the process once JOD has
   * the POST (its answer never read).
   */
  async deploy(
    request: DeployRecordersRequest,
    how: {
      answer: JodAnswer;
      callback: boolean;
      intent: number;
      now: number;
      process: number;
      dieAfterPost?: () => void;
    },
  ) {
    if (how.answer === "refuse") {
      throw new JodError("JOD refused: insufficient balance.", {
        code: "INSUFFICIENT_BALANCE",
        status: 402,
        mayHaveDeployed: false,
      });
    }
    const deploymentId = `dep-${this.next++}`;
    this.purchases.push({
      deploymentId,
      intent: how.intent,
      boughtAt: how.now,
      process: how.process,
    });
    const outcome: CallbackOutcome = {
      kind: "success",
      deploymentId,
      recorders: [{ id: `${deploymentId}-rec`, ip: "203.0.113.10" }],
      message: "deployed",
    };
    if (how.callback) this.network.deliver(request.callbackUrl, outcome);
    if (how.dieAfterPost) {
      how.dieAfterPost();
      await never();
    }
    if (how.answer === "lose-answer") {
      throw new JodError("JOD answered HTTP 500.", {
        code: "SERVER_ERROR",
        status: 500,
        mayHaveDeployed: true,
      });
    }
    return { deploymentId, balance: 10, message: "accepted", attempts: 1 };
  }
}
