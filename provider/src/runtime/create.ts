import type * as pulumi from "@pulumi/pulumi";
import { CallbackWaitTimeout, PendingCallback } from "../callbacks/callback-registry";
import {
  DEFAULT_TIMEOUT_SECONDS,
  DeployedRecorder,
  DeploymentInputs,
  DeploymentOutputs,
} from "../deployment-state";
import {
  JodCallbackTimeoutError,
  JodDeploymentFailedError,
  JodError,
  JodInterruptedError,
  keepInStack,
} from "../errors";
import type { CallbackOutcome } from "../parse-jod";
import { InterruptionWatch, ProcessInterrupted } from "./interruption-guard";
import type { DeploymentJournal, JournalEntry, JournalOutcome } from "../journal/journal-entry";
import {
  identityOf,
  journalFor,
  outputsFrom,
  Resumption,
  resumption,
  UNANSWERED_RELAY_WAIT_MS,
  unansweredEarlierPost,
} from "./adoption";
import {
  baseOutputs,
  describeDeployment,
  openCallbackChannel,
  ProviderContext,
  relayFor,
} from "./provider-context";

/** After an answer that may hide a deployment (HTTP 500, timeout), how long to hope for a callback. */
export const LOST_ANSWER_GRACE_MS = 60_000;

/** How often a waiting create says it is still waiting. */
export const PROGRESS_INTERVAL_MS = 30_000;

/**
 * Posts the deployment to JOD and waits for its callback. Once JOD may have deployed, every
 * failure is a partial create (see `keepInStack`), so a paid deployment is never forgotten; the
 * journal records each step, so that a run stopped too hard to answer the engine is adopted by
 * the next one instead of bought again.
 */
export async function create(
  context: ProviderContext,
  inputs: DeploymentInputs,
): Promise<pulumi.dynamic.CreateResult> {
  const { deps, settings, log } = context;
  const apiKey = context.requireApiKey();
  // The relay's own errors (wrong secret, down, not a relay) are the clearest: check it first.
  await relayFor(context)?.ready();
  const identity = identityOf(inputs);
  const journal = identity === undefined ? undefined : journalFor(context);
  const earlier = journal && identity ? await journal.read(identity) : undefined;
  const plan: Resumption = identity
    ? resumption(context, identity, inputs, earlier)
    : { kind: "post" };
  if (plan.kind === "done") {
    await record(journal, earlier && { ...earlier, phase: "done" });
    return plan.result;
  }
  const timeoutMs = (inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const deadline = Date.now() + timeoutMs;
  let waitingFor = `${describeDeployment(inputs)}, not yet sent to JOD`;
  const watch = context.interruptions.watch(() => waitingFor);
  const reuse: Partial<JournalEntry> = plan.kind === "post" ? {} : plan.entry;
  const lease = await openCallbackChannel(context, inputs.callbackUrl, {
    token: reuse.callbackToken,
    nonce: reuse.callbackNonce,
  }).catch((error: unknown) => {
    watch.end();
    throw error;
  });
  // A relay channel can be fetched again later (refresh): state keeps its nonce.
  const channel = lease.nonce === undefined ? {} : { callbackNonce: lease.nonce };
  let entry: JournalEntry | undefined = identity
    ? {
        ...(plan.kind === "post" ? {} : plan.entry),
        identity,
        phase: plan.kind === "post" ? "intent" : plan.entry.phase,
        updatedAt: deps.now().toISOString(),
        deadline: new Date(deadline).toISOString(),
        // Until JOD answers, the latest a deployment from this request could still run.
        expiresAt: new Date(deadline + inputs.duration * 3_600_000).toISOString(),
        request: {
          domain: inputs.domain,
          recorders: inputs.recorders,
          duration: inputs.duration,
          location: inputs.location,
        },
        ...(settings.relay ? { callbackNonce: lease.nonce } : { callbackToken: lease.token }),
      }
    : undefined;
  const note = async (change: Partial<JournalEntry>) => {
    if (!entry) return;
    entry = { ...entry, ...change, updatedAt: deps.now().toISOString() };
    await record(journal, entry);
  };
  /** Hands the result to the engine, journaled as done first (its outcome is replayable). */
  const handOver = async (outcome: JournalOutcome) => note({ phase: "done", outcome });
  try {
    if (plan.kind === "unanswered") {
      // The relay may hold the callback of that POST; it tells the deployment id.
      lease.pending.expectDeployment();
      const early = settings.relay
        ? await lease.pending.wait(UNANSWERED_RELAY_WAIT_MS).catch(() => undefined)
        : undefined;
      if (early?.kind === "success") {
        const outs = outputsFrom(inputs, plan.entry, early.deploymentId);
        const result = finish(context, inputs, outs, early);
        await handOver({ kind: "ready", recorders: early.recorders, message: early.message });
        return result;
      }
      const kept = unansweredEarlierPost(inputs, plan.entry);
      await handOver({ kind: "partial", status: "unconfirmed", message: kept.message });
      throw kept;
    }
    let base: DeploymentOutputs;
    if (plan.kind === "adopt") {
      base = outputsFrom(inputs, plan.entry, plan.entry.deploymentId);
    } else {
      await note({ phase: "intent" });
      log(`deploying ${describeDeployment(inputs)}`);
      const client = deps.createClient({
        endpoint: settings.endpoint,
        timeoutMs: Math.min(30_000, timeoutMs),
        logger: { debug: () => {}, warn: log },
      });
      const deployedAt = deps.now();
      await note({ phase: "sending", deployedAt: deployedAt.toISOString() });
      waitingFor = `${describeDeployment(inputs)}, sent to JOD, answer not in yet`;
      let accepted;
      // Counted until JOD's answer is journaled: an orphaned provider waits for that to exit.
      context.postsInFlight += 1;
      try {
        try {
          // No abort signal: an interruption lets JOD's answer arrive (bounded by the request
          // timeout) so that it is recorded, rather than leave the deployment unconfirmed.
          accepted = await client.deployRecorders({
            apiKey,
            domain: inputs.domain,
            recorders: inputs.recorders,
            duration: inputs.duration,
            location: inputs.location,
            callbackUrl: lease.callbackUrl,
          });
        } catch (error) {
          if (!(error instanceof JodError && error.mayHaveDeployed)) {
            await note({
              phase: "done",
              outcome: {
                kind: "failed",
                message: error instanceof Error ? error.message : String(error),
              },
            });
            throw error;
          }
          const lost = {
            inputs,
            channel,
            pending: lease.pending,
            error,
            deployedAt,
            deadline,
            watch,
          };
          return await recoverLostAnswer(context, lost, handOver);
        }
        base = {
          ...baseOutputs(inputs, accepted.deploymentId, deployedAt, accepted.message),
          ...channel,
        };
        if (accepted.balance !== undefined) base.balance = accepted.balance;
        // Match the callback at once; the journal write must not hold it up.
        lease.pending.expectDeployment(accepted.deploymentId);
        await note({
          phase: "accepted",
          deploymentId: accepted.deploymentId,
          expiresAt: base.expiresAt,
          ...(accepted.balance === undefined ? {} : { balance: accepted.balance }),
        });
      } finally {
        context.postsInFlight -= 1;
      }
      log(
        `JOD accepted deployment ${accepted.deploymentId}` +
          (accepted.balance !== undefined ? ` (balance now ${accepted.balance})` : "") +
          `; waiting up to ${Math.round((deadline - Date.now()) / 1000)} s for its callback`,
      );
    }
    const deploymentId = base.deploymentId;
    lease.pending.expectDeployment(deploymentId);
    waitingFor = `deployment ${deploymentId} (${describeDeployment(inputs)}), accepted by JOD, awaiting its callback`;
    let outcome: CallbackOutcome;
    try {
      outcome = await waitWithProgress(context, lease.pending, deadline, deploymentId, watch);
    } catch (error) {
      let kept;
      if (error instanceof ProcessInterrupted) {
        const interrupted = new JodInterruptedError({
          signal: error.signal,
          deploymentId,
          cause: error,
        });
        kept = keepInStack(interrupted, "awaiting-callback", base);
      } else if (error instanceof CallbackWaitTimeout) {
        const timeout = new JodCallbackTimeoutError({
          deploymentId,
          waitedSeconds: Math.round(timeoutMs / 1000),
        });
        kept = keepInStack(timeout, "awaiting-callback", base);
      } else throw error;
      await handOver({ kind: "partial", status: "awaiting-callback", message: kept.message });
      throw kept;
    }
    const result = finish(context, inputs, base, outcome);
    if (outcome.kind === "success") {
      await handOver({ kind: "ready", recorders: outcome.recorders, message: outcome.message });
    }
    return result;
  } catch (error) {
    if (error instanceof JodDeploymentFailedError) {
      await handOver({ kind: "failed", message: error.message });
    }
    throw error;
  } finally {
    watch.end();
    await lease.release();
  }
}

/** Writes an entry; a journal that cannot be written stops the create before it buys. */
async function record(journal: DeploymentJournal | undefined, entry: JournalEntry | undefined) {
  if (journal && entry) await journal.write(entry);
}

function finish(
  context: ProviderContext,
  inputs: DeploymentInputs,
  base: DeploymentOutputs,
  outcome: CallbackOutcome,
) {
  if (outcome.kind === "failure") {
    throw new JodDeploymentFailedError({
      deploymentId: base.deploymentId,
      location: inputs.location,
      jodMessage: outcome.message,
    });
  }
  const outs = withRecorders(base, outcome.recorders, outcome.message || base.message);
  context.log(
    `deployment ${base.deploymentId} ready: ${outcome.recorders.length} recorder(s) at ` +
      `${outs.recorderIps.join(", ") || "no IPs"}, until ${outs.expiresAt}`,
  );
  return { id: base.deploymentId, outs };
}

/** The outputs of a deployment JOD reported ready. */
export function withRecorders(
  base: DeploymentOutputs,
  recorders: DeployedRecorder[],
  message: string,
): DeploymentOutputs {
  return {
    ...base,
    status: "ready",
    deployedRecorders: recorders,
    recorderIps: recorders.map((recorder) => recorder.ip),
    message,
  };
}

/**
 * JOD may have deployed although its answer was lost. Its callback still comes to our token,
 * so wait for it a little: it tells the deployment id. Without one, keep an `unconfirmed`
 * entry in the stack rather than forget something that may be paid for.
 */
async function recoverLostAnswer(
  context: ProviderContext,
  lost: {
    inputs: DeploymentInputs;
    channel: { callbackNonce?: string };
    pending: PendingCallback;
    error: JodError;
    deployedAt: Date;
    deadline: number;
    watch: InterruptionWatch;
  },
  handOver: (outcome: JournalOutcome) => Promise<void>,
) {
  const { inputs, channel, pending, error, deployedAt, deadline, watch } = lost;
  pending.expectDeployment();
  const graceEnd = Math.min(deadline, Date.now() + LOST_ANSWER_GRACE_MS);
  if (!watch.signal.aborted) {
    context.log(
      `${error.message} Waiting up to ${Math.round((graceEnd - Date.now()) / 1000)} s for a callback.`,
    );
  }
  let outcome: CallbackOutcome;
  try {
    outcome = await pending.wait(Math.max(0, graceEnd - Date.now()), watch.signal);
  } catch (waitError) {
    const ended =
      waitError instanceof CallbackWaitTimeout || waitError instanceof ProcessInterrupted;
    if (!ended) throw waitError;
    const id = `unconfirmed-${deployedAt.getTime()}`;
    const outs = { ...baseOutputs(inputs, id, deployedAt, error.message), ...channel };
    const kept = keepInStack(error, "unconfirmed", outs);
    await handOver({ kind: "partial", status: "unconfirmed", message: kept.message });
    throw kept;
  }
  const deploymentId = outcome.kind === "success" ? outcome.deploymentId : "(unknown id)";
  const base = { ...baseOutputs(inputs, deploymentId, deployedAt, error.message), ...channel };
  const result = finish(context, inputs, base, outcome);
  if (outcome.kind === "success") {
    await handOver({ kind: "ready", recorders: outcome.recorders, message: outcome.message });
  }
  return result;
}

async function waitWithProgress(
  context: ProviderContext,
  pending: PendingCallback,
  deadline: number,
  deploymentId: string,
  watch: InterruptionWatch,
): Promise<CallbackOutcome> {
  const started = Date.now();
  const progress = setInterval(() => {
    const waited = Math.round((Date.now() - started) / 1000);
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    context.log(
      `still waiting for JOD's callback for deployment ${deploymentId} (${waited} s, ${left} s left)`,
    );
  }, PROGRESS_INTERVAL_MS);
  progress.unref();
  try {
    return await pending.wait(Math.max(0, deadline - Date.now()), watch.signal);
  } finally {
    clearInterval(progress);
  }
}
