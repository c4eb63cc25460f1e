import type { CallbackLease } from "../callbacks/callback-channel";
import { CallbackWaitTimeout, newCallbackNonce } from "../callbacks/callback-registry";
import {
  DEFAULT_TIMEOUT_SECONDS,
  deploymentRequest,
  type DeploymentInputs,
  type DeploymentOutputs,
} from "../deployment-state";
import {
  JodCallbackTimeoutError,
  JodDeploymentFailedError,
  JodError,
  JodInterruptedError,
} from "../errors";
import { JournalError, type JournalEntry } from "../journal/journal-entry";
import { ProcessInterrupted, type InterruptionWatch } from "./interruption-guard";
import { identityOf, journalFor, JournalTrail } from "./journal-trail";
import {
  baseOutputs,
  BUFFERED_CALLBACK_WAIT_MS,
  channelFor,
  describeDeployment,
  withRecorders,
  type ProviderContext,
} from "./provider-context";
import { decidePurchase, type PurchaseAction } from "./purchase-decision";

/** After an answer that may hide a deployment (HTTP 500, timeout), how long to hope for a callback. */
export const LOST_ANSWER_GRACE_MS = 60_000;

/** How often a waiting create says it is still waiting. */
export const PROGRESS_INTERVAL_MS = 30_000;

/** A partial create's status: what the stack keeps when no callback comes. */
export type KeptStatus = "awaiting-callback" | "unconfirmed";

/**
 * How a create ended. The provider maps it to the engine's terms in one place
 * (`recorder-deployment-provider.ts`): a result, a partial create, or an error.
 */
export type CreateOutcome =
  | { kind: "created"; id: string; outs: DeploymentOutputs }
  | { kind: "kept"; status: KeptStatus; error: JodError; outs: DeploymentOutputs }
  | { kind: "refused"; error: Error };

/** What one create holds while it runs. */
interface Run {
  context: ProviderContext;
  inputs: DeploymentInputs;
  identity?: string;
  trail: JournalTrail;
  lease: CallbackLease;
  watch: InterruptionWatch;
  /** What the create waits for, as an interruption reports it. */
  waiting: { for: string };
  deadline: number;
}

/** What a create waits for on its channel, and what the stack keeps when nothing comes. */
interface Wait {
  outs: DeploymentOutputs;
  /** The deployment the callback must be for; undefined takes any (JOD's answer was lost). */
  expected?: string;
  waitMs: number;
  /** What the stack keeps when no callback comes in time, or the process is interrupted. */
  keep: (ended: CallbackWaitTimeout | ProcessInterrupted) => [KeptStatus, JodError];
}

/**
 * Buys a deployment, or takes over one an earlier run bought, as `decidePurchase` says, and
 * waits for JOD's callback. Once JOD may have deployed, every ending keeps the deployment in
 * the stack (a partial create at worst), and the journal records each step so that a run
 * stopped too hard to answer the engine is taken over by the next one instead of bought again.
 */
export async function create(
  context: ProviderContext,
  inputs: DeploymentInputs,
): Promise<CreateOutcome> {
  context.requireApiKey();
  const channel = channelFor(context);
  // The relay's own errors (wrong secret, down, not a relay) are the clearest: check it first.
  await channel.ready();
  const identity = identityOf(inputs);
  const journal = identity === undefined ? undefined : journalFor(context);
  const found = await journal?.read(identity as string).catch((error: unknown) => {
    if (error instanceof JournalError && error.code === "JOURNAL_CORRUPT") return error;
    throw error;
  });
  const unreadable = found instanceof JournalError ? found : undefined;
  const entry = unreadable ? undefined : (found as JournalEntry | undefined);
  const action = decidePurchase({
    entry: unreadable ? "unreadable" : entry,
    engineHolds: entry?.held === true,
    requested: deploymentRequest(inputs),
    now: context.deps.now(),
  });
  if (action.kind === "refuse") return { kind: "refused", error: unreadable as JournalError };
  const deadline = Date.now() + (inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const nonce = (action.kind !== "post" && entry?.callbackNonce) || newCallbackNonce();
  const lease = await channel.open(nonce, inputs.callbackUrl);
  const waiting = { for: `${describeDeployment(inputs)}, not yet sent to JOD` };
  const watch = context.interruptions.watch(() => waiting.for);
  const trail = new JournalTrail(context, journal, entry);
  const run: Run = { context, inputs, identity, trail, lease, watch, waiting, deadline };
  try {
    if (action.kind === "post") return await post(run, action, nonce, entry);
    return await resume(run, action, entry as JournalEntry, nonce);
  } finally {
    watch.end();
    await lease.release();
  }
}

/** Posts a new deployment to JOD and waits for its callback. */
async function post(
  run: Run,
  action: Extract<PurchaseAction, { kind: "post" }>,
  nonce: string,
  earlier: JournalEntry | undefined,
): Promise<CreateOutcome> {
  const { context, inputs, identity, trail, lease, watch, deadline } = run;
  const what = describeDeployment(inputs);
  if (action.abandoned !== undefined) {
    context.log(
      `WARNING: ${action.why}: ${action.abandoned} is not adopted for the new inputs. If JOD ` +
        `deployed it, it is paid for and runs until ${earlier?.expiresAt} (JOD has no teardown ` +
        `endpoint). Buying ${what} now.`,
    );
  } else if (earlier !== undefined) {
    context.log(`deployment journal: ${action.why}: buying ${what}`);
  }
  const deployedAt = context.deps.now();
  const fresh = identity && {
    identity,
    phase: "sending" as const,
    request: deploymentRequest(inputs),
    callbackNonce: nonce,
    deployedAt: deployedAt.toISOString(),
    deadline: new Date(deadline).toISOString(),
    // Until JOD answers, the latest a deployment from this request could still run.
    expiresAt: new Date(
      deployedAt.getTime() + (deadline - Date.now()) + inputs.duration * 3_600_000,
    ).toISOString(),
  };
  if (fresh) await trail.beforePost(fresh);
  // The last moment before money moves: after SIGINT or SIGTERM nothing is sent.
  if (watch.signal.aborted) {
    const { signal } = watch.signal.reason as ProcessInterrupted;
    const message = `The provider received ${signal} before deploying ${what}; nothing was sent to JOD.`;
    await trail.afterPost({ phase: "done", outcome: { kind: "failed", message } }, "the stop");
    const error = new JodError(message, { code: "INTERRUPTED", mayHaveDeployed: false });
    return { kind: "refused", error };
  }
  context.log(`deploying ${what}`);
  run.waiting.for = `${what}, sent to JOD, answer not in yet`;
  const client = context.deps.createClient({
    endpoint: context.settings.endpoint,
    timeoutMs: Math.min(30_000, (inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000),
    warn: context.log,
  });
  // Counted until JOD's answer is in: an orphaned or interrupted provider waits for it.
  context.postsInFlight += 1;
  let answer;
  try {
    // No abort signal: an interruption lets JOD's answer arrive (bounded by the request
    // timeout) so that it is recorded, rather than leave the deployment unconfirmed.
    answer = await client.deployRecorders({
      ...deploymentRequest(inputs),
      apiKey: context.requireApiKey(),
      callbackUrl: lease.callbackUrl,
    });
  } catch (error) {
    if (!(error instanceof JodError && error.mayHaveDeployed)) {
      const message = error instanceof Error ? error.message : String(error);
      await trail.afterPost({ phase: "done", outcome: { kind: "failed", message } }, "the refusal");
      return { kind: "refused", error: error as Error };
    }
    answer = error;
  } finally {
    context.postsInFlight -= 1;
  }
  if (answer instanceof JodError) {
    // JOD may have deployed, but which deployment is unknown: its callback still comes to our
    // channel and tells the id, so wait for it a little before keeping an `unconfirmed` entry.
    const waitMs = Math.min(deadline - Date.now(), LOST_ANSWER_GRACE_MS);
    if (!watch.signal.aborted) {
      context.log(`${answer.message} Waiting up to ${Math.round(waitMs / 1000)} s for a callback.`);
    }
    const id = `unconfirmed-${deployedAt.getTime()}`;
    const outs = outputs(run, id, deployedAt, answer.message, nonce);
    return settle(run, { outs, waitMs, keep: () => ["unconfirmed", answer] });
  }
  const { deploymentId, balance } = answer;
  const outs = outputs(run, deploymentId, deployedAt, answer.message, nonce, balance);
  // Match the callback at once; the journal write must not hold it up.
  lease.pending.expectDeployment(deploymentId);
  const known = balance === undefined ? {} : { balance };
  await trail.afterPost(
    { phase: "accepted", deploymentId, expiresAt: outs.expiresAt, ...known },
    `that JOD accepted deployment ${deploymentId}`,
  );
  context.log(
    `JOD accepted deployment ${deploymentId}` +
      (balance !== undefined ? ` (balance now ${balance})` : "") +
      `; waiting up to ${Math.round((deadline - Date.now()) / 1000)} s for its callback`,
  );
  return settle(run, awaitingCallback(run, outs));
}

/** Takes over what an earlier run bought, as the decision says: nothing is posted. */
async function resume(
  run: Run,
  action: Extract<PurchaseAction, { kind: "adopt" | "hand-over" | "keep-unconfirmed" }>,
  entry: JournalEntry,
  nonce: string,
): Promise<CreateOutcome> {
  const { context, inputs, deadline } = run;
  const what = describeDeployment(inputs);
  const deployedAt = new Date(entry.deployedAt ?? entry.updatedAt);
  // Only the relay keeps a callback that came before: ask it briefly.
  const bufferedMs = context.settings.relay ? BUFFERED_CALLBACK_WAIT_MS : 0;
  if (action.kind === "keep-unconfirmed") {
    const id = `unconfirmed-${deployedAt.getTime()}`;
    const outs = outputs(run, id, deployedAt, "", nonce, entry.balance);
    const error = new JodError(
      `An earlier run sent this deployment (${what}) to JOD at ${outs.deployedAt} and was ` +
        "stopped before JOD's answer arrived, so it was not posted again. Check the JOD " +
        "dashboard's deployments list for a deployment made then.",
      { code: "INTERRUPTED", mayHaveDeployed: true },
    );
    context.log(`deployment journal: ${action.why}: not posting it again (${what})`);
    return settle(run, { outs, waitMs: bufferedMs, keep: () => ["unconfirmed", error] });
  }
  const { deploymentId } = action;
  const outs = outputs(run, deploymentId, deployedAt, "", nonce, entry.balance);
  context.log(
    `deployment journal: deployment ${deploymentId} (${what}): ${action.why}: adopting it ` +
      "(nothing is bought again)" +
      (action.kind === "adopt" ? " and waiting for its callback" : ""),
  );
  if (action.kind === "adopt") return settle(run, awaitingCallback(run, outs));
  const error = new JodError(
    `JOD's callback for deployment ${deploymentId} came in an earlier run, which stopped before ` +
      "the stack recorded it, and no channel still holds it, so its recorder ids and IPs are unknown.",
    { code: "CALLBACK_TIMEOUT", mayHaveDeployed: true },
  );
  const waitMs = Math.min(bufferedMs, deadline - Date.now());
  return settle(run, {
    outs,
    expected: deploymentId,
    waitMs,
    keep: () => ["awaiting-callback", error],
  });
}

/** Waiting on an accepted deployment's callback until the deadline. */
function awaitingCallback(run: Run, outs: DeploymentOutputs): Wait {
  const { deploymentId } = outs;
  run.waiting.for = `deployment ${deploymentId} (${describeDeployment(run.inputs)}), accepted by JOD, awaiting its callback`;
  const waitMs = run.deadline - Date.now();
  return {
    outs,
    expected: deploymentId,
    waitMs,
    keep: (ended) => [
      "awaiting-callback",
      ended instanceof ProcessInterrupted
        ? new JodInterruptedError({ signal: ended.signal, deploymentId, cause: ended })
        : new JodCallbackTimeoutError({
            deploymentId,
            // The create's whole wait: the message reads "within N s" of `timeoutSeconds`.
            waitedSeconds: run.inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
          }),
    ],
  };
}

/**
 * Waits up to `waitMs` for JOD's callback and hands the result over: the ready deployment, a
 * failure, or (when none comes, or the process is interrupted) what the stack keeps.
 */
async function settle(run: Run, { outs, expected, waitMs, keep }: Wait): Promise<CreateOutcome> {
  const { context, inputs, identity, trail, lease, watch } = run;
  lease.pending.expectDeployment(expected);
  const started = Date.now();
  const progress = setInterval(() => {
    const waited = Math.round((Date.now() - started) / 1000);
    const left = Math.max(0, Math.round((started + waitMs - Date.now()) / 1000));
    context.log(
      `still waiting for JOD's callback for deployment ${outs.deploymentId} (${waited} s, ${left} s left)`,
    );
  }, PROGRESS_INTERVAL_MS);
  progress.unref();
  let callback;
  try {
    callback = await lease.pending.wait(Math.max(0, waitMs), watch.signal);
  } catch (error) {
    if (!(error instanceof CallbackWaitTimeout || error instanceof ProcessInterrupted)) throw error;
    const [status, cause] = keep(error);
    const { deploymentId } = outs;
    await trail.afterPost(
      { phase: "done", deploymentId, outcome: { kind: "partial", status, message: cause.message } },
      `deployment ${deploymentId}, kept as ${status}`,
    );
    if (identity !== undefined) context.handedOver.set(identity, deploymentId);
    return { kind: "kept", status, error: cause, outs };
  } finally {
    clearInterval(progress);
  }
  if (callback.kind === "failure") {
    const error = new JodDeploymentFailedError({
      deploymentId: outs.deploymentId,
      location: inputs.location,
      jodMessage: callback.message,
    });
    await trail.afterPost(
      { phase: "done", outcome: { kind: "failed", message: error.message } },
      `that deployment ${outs.deploymentId} failed`,
    );
    return { kind: "refused", error };
  }
  const { deploymentId, recorders, message } = callback;
  const ready = withRecorders({ ...outs, deploymentId }, recorders, message || outs.message);
  context.log(
    `deployment ${deploymentId} ready: ${recorders.length} recorder(s) at ` +
      `${ready.recorderIps.join(", ") || "no IPs"}, until ${ready.expiresAt}`,
  );
  await trail.afterPost(
    { phase: "done", deploymentId, outcome: { kind: "ready", message } },
    `that deployment ${deploymentId} is ready`,
  );
  if (identity !== undefined) context.handedOver.set(identity, deploymentId);
  return { kind: "created", id: deploymentId, outs: ready };
}

/** A deployment's outputs before its callback; state keeps the relay channel's nonce. */
function outputs(
  run: Run,
  deploymentId: string,
  deployedAt: Date,
  message: string,
  nonce: string,
  balance?: number,
): DeploymentOutputs {
  return {
    ...baseOutputs(run.inputs, deploymentId, deployedAt, message),
    ...(run.context.settings.relay ? { callbackNonce: nonce } : {}),
    ...(balance === undefined ? {} : { balance }),
  };
}
