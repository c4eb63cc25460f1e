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
import {
  accountFingerprint,
  fingerprint,
  JournalError,
  MAX_KEPT_RECORDERS_BYTES,
  type JournalEntry,
} from "../journal/journal-entry";
import { ProcessInterrupted, type InterruptionWatch } from "./interruption-guard";
import { identityOf, JournalTrail } from "./journal-trail";
import {
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
  trail: JournalTrail;
  lease: CallbackLease;
  watch: InterruptionWatch;
  /** Names the callback channel; state keeps it in relay mode. */
  nonce: string;
  deadline: number;
  /** What the create waits for, as an interruption reports it. */
  waiting: { for: string };
}

/**
 * What a create waits for on its channel, and what the stack keeps when no callback comes in
 * time or the process is interrupted. An `unconfirmed` wait takes any callback on the channel
 * (JOD's answer, which names the deployment, was lost); otherwise only `outs.deploymentId`'s.
 */
interface Wait {
  outs: DeploymentOutputs;
  waitMs: number;
  status: KeptStatus;
  error: (ended: CallbackWaitTimeout | ProcessInterrupted) => JodError;
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
  const apiKey = context.requireApiKey();
  const channel = channelFor(context);
  // The relay's own errors (wrong secret, down, not a relay) are the clearest: check it first.
  await channel.ready();
  const trail = new JournalTrail(context, identityOf(inputs));
  const found = await trail.read();
  const entry = found instanceof JournalError ? undefined : found;
  const account = accountFingerprint(context.settings.endpoint, apiKey);
  const action = decidePurchase({
    entry: found instanceof JournalError ? "unreadable" : entry,
    requested: deploymentRequest(inputs),
    account,
    now: context.deps.now(),
  });
  if (action.kind === "refuse") return { kind: "refused", error: found as JournalError };
  const deadline = Date.now() + (inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const nonce = (action.kind !== "post" && entry?.callbackNonce) || newCallbackNonce();
  const lease = await channel.open(nonce, inputs.callbackUrl);
  const waiting = { for: `${describeDeployment(inputs)}, not yet sent to JOD` };
  const watch = context.interruptions.watch(() => waiting.for);
  const run: Run = { context, inputs, trail, lease, watch, nonce, deadline, waiting };
  try {
    if (action.kind === "post") return await post(run, action, entry, account);
    return await resume(run, action, entry as JournalEntry);
  } finally {
    watch.end();
    await lease.release();
  }
}

/** Posts a new deployment to JOD and waits for its callback. */
async function post(
  run: Run,
  action: Extract<PurchaseAction, { kind: "post" }>,
  earlier: JournalEntry | undefined,
  account: string,
): Promise<CreateOutcome> {
  const { context, inputs, trail, lease, watch, deadline } = run;
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
  await trail.beforePost({
    phase: "sending",
    request: deploymentRequest(inputs),
    account,
    callbackNonce: run.nonce,
    callbackAt: fingerprint(lease.callbackUrl),
    deployedAt: deployedAt.toISOString(),
    deadline: new Date(deadline).toISOString(),
    // Until JOD answers, the latest a deployment from this request could still run.
    expiresAt: new Date(
      deployedAt.getTime() + (deadline - Date.now()) + inputs.duration * 3_600_000,
    ).toISOString(),
  });
  // The last moment before money moves: after SIGINT or SIGTERM nothing is sent.
  if (watch.signal.aborted) {
    const { signal } = watch.signal.reason as ProcessInterrupted;
    const message = `The provider received ${signal} before deploying ${what}; nothing was sent to JOD.`;
    const error = new JodError(message, { code: "INTERRUPTED", mayHaveDeployed: false });
    return refused(run, error, "the stop");
  }
  context.log(`deploying ${what}`);
  run.waiting.for = `${what}, sent to JOD, answer not in yet`;
  const client = context.deps.createClient({
    endpoint: context.settings.endpoint,
    timeoutMs: Math.min(30_000, (inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000),
    warn: context.log,
  });
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
      return refused(run, error as Error, "the refusal");
    }
    answer = error;
  }
  if (answer instanceof JodError) {
    // JOD may have deployed, but which deployment is unknown: its callback still comes to our
    // channel and tells the id, so wait for it a little before keeping an `unconfirmed` entry.
    const waitMs = Math.min(deadline - Date.now(), LOST_ANSWER_GRACE_MS);
    if (!watch.signal.aborted) {
      context.log(`${answer.message} Waiting up to ${Math.round(waitMs / 1000)} s for a callback.`);
    }
    const outs = outputs(run, `unconfirmed-${deployedAt.getTime()}`, deployedAt, answer.message);
    return settle(run, { outs, waitMs, status: "unconfirmed", error: () => answer });
  }
  const { deploymentId, balance } = answer;
  const outs = outputs(run, deploymentId, deployedAt, answer.message, balance);
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
): Promise<CreateOutcome> {
  const { context, inputs } = run;
  const what = describeDeployment(inputs);
  const deployedAt = new Date(entry.deployedAt ?? entry.updatedAt);
  // Only the relay keeps a callback that came before: ask it briefly.
  const bufferedMs = context.settings.relay ? BUFFERED_CALLBACK_WAIT_MS : 0;
  const waitMs = Math.min(bufferedMs, run.deadline - Date.now());
  if (action.kind === "keep-unconfirmed") {
    const id = `unconfirmed-${deployedAt.getTime()}`;
    const outs = outputs(run, id, deployedAt, "", entry.balance);
    const error = new JodError(
      `An earlier run sent this deployment (${what}) to JOD at ${outs.deployedAt} and was ` +
        "stopped before JOD's answer arrived, so it was not posted again. Check the JOD " +
        "dashboard's deployments list for a deployment made then.",
      { code: "INTERRUPTED", mayHaveDeployed: true },
    );
    context.log(`deployment journal: ${action.why}: not posting it again (${what})`);
    return settle(run, { outs, waitMs, status: "unconfirmed", error: () => error });
  }
  const { deploymentId } = action;
  const outs = outputs(run, deploymentId, deployedAt, "", entry.balance);
  context.log(
    `deployment journal: deployment ${deploymentId} (${what}): ${action.why}: adopting it ` +
      "(nothing is bought again). If this is `pulumi up --replace` of a resource whose " +
      "deleteBeforeReplace option is off, the provider cannot tell it from a resume: the engine's " +
      "Delete of the old one releases it, so run the command again to buy a new deployment.",
  );
  const { outcome } = entry;
  if (outcome?.kind === "ready" && outcome.recorders !== undefined) {
    const ready = withRecorders(outs, outcome.recorders, outcome.message);
    context.log(
      `deployment ${deploymentId} handed over again with its ${outcome.recorders.length} recorder(s)`,
    );
    return { kind: "created", id: deploymentId, outs: ready };
  }
  if (action.kind === "adopt") {
    if (context.settings.relay || entry.callbackAt === fingerprint(run.lease.callbackUrl)) {
      return settle(run, awaitingCallback(run, outs));
    }
    // JOD calls back once, at the URL it was given: a listener of the stopped run.
    const error = new JodError(
      `JOD was given the callback URL of the run that bought deployment ${deploymentId}, which ` +
        "stopped, and this run's listener is served at another URL, so its callback cannot " +
        "arrive here. The stack keeps it awaiting-callback with its id (it is paid for). Check " +
        "the JOD dashboard for its recorders; a fixed jod:callbackListen port with " +
        "jod:callbackUrl, or jod:callbackRelay (which keeps callbacks), lets a later run receive them.",
      { code: "CALLBACK_TIMEOUT", mayHaveDeployed: true },
    );
    return settle(run, { outs, waitMs: 0, status: "awaiting-callback", error: () => error });
  }
  const error = new JodError(
    `JOD's callback for deployment ${deploymentId} came in an earlier run, which stopped before ` +
      "the stack recorded it, and no channel still holds it, so its recorder ids and IPs are unknown.",
    { code: "CALLBACK_TIMEOUT", mayHaveDeployed: true },
  );
  return settle(run, { outs, waitMs, status: "awaiting-callback", error: () => error });
}

/** Waiting on an accepted deployment's callback until the deadline. */
function awaitingCallback(run: Run, outs: DeploymentOutputs): Wait {
  const { deploymentId } = outs;
  run.waiting.for = `deployment ${deploymentId} (${describeDeployment(run.inputs)}), accepted by JOD, awaiting its callback`;
  return {
    outs,
    waitMs: run.deadline - Date.now(),
    status: "awaiting-callback",
    error: (ended) =>
      ended instanceof ProcessInterrupted
        ? new JodInterruptedError({ signal: ended.signal, deploymentId, cause: ended })
        : new JodCallbackTimeoutError({
            deploymentId,
            // The create's whole wait: the message reads "within N s" of `timeoutSeconds`.
            waitedSeconds: run.inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
          }),
  };
}

/**
 * Waits up to `waitMs` for JOD's callback and hands the result over: the ready deployment, a
 * failure, or (when none comes, or the process is interrupted) what the stack keeps.
 */
async function settle(run: Run, { outs, waitMs, status, error }: Wait): Promise<CreateOutcome> {
  const { context, inputs, trail, lease, watch } = run;
  lease.pending.expectDeployment(status === "unconfirmed" ? undefined : outs.deploymentId);
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
  } catch (ended) {
    if (!(ended instanceof CallbackWaitTimeout || ended instanceof ProcessInterrupted)) throw ended;
    const cause = error(ended);
    const { deploymentId } = outs;
    await trail.afterPost(
      { phase: "done", deploymentId, outcome: { kind: "partial", status, message: cause.message } },
      `deployment ${deploymentId}, kept as ${status}`,
    );
    return { kind: "kept", status, error: cause, outs };
  } finally {
    clearInterval(progress);
  }
  if (callback.kind === "failure") {
    const failed = new JodDeploymentFailedError({
      deploymentId: outs.deploymentId,
      location: inputs.location,
      jodMessage: callback.message,
    });
    return refused(run, failed, `that deployment ${outs.deploymentId} failed`);
  }
  const { deploymentId, recorders, message } = callback;
  const ready = withRecorders({ ...outs, deploymentId }, recorders, message || outs.message);
  context.log(
    `deployment ${deploymentId} ready: ${recorders.length} recorder(s) at ` +
      `${ready.recorderIps.join(", ") || "no IPs"}, until ${ready.expiresAt}`,
  );
  // Kept so that a hand-over after a hard stop returns them, unless the entry would grow too big.
  const keep = JSON.stringify(recorders).length <= MAX_KEPT_RECORDERS_BYTES ? { recorders } : {};
  await trail.afterPost(
    { phase: "done", deploymentId, outcome: { kind: "ready", message, ...keep } },
    `that deployment ${deploymentId} is ready`,
  );
  return { kind: "created", id: deploymentId, outs: ready };
}

/** Journals that this create bought nothing that stays (`what` names why) and refuses it. */
async function refused(run: Run, error: Error, what: string): Promise<CreateOutcome> {
  const outcome = { kind: "failed" as const, message: error.message };
  await run.trail.afterPost({ phase: "done", outcome }, what);
  return { kind: "refused", error };
}

/** A deployment's outputs before its callback; state keeps the relay channel's nonce. */
function outputs(
  run: Run,
  deploymentId: string,
  deployedAt: Date,
  message: string,
  balance?: number,
): DeploymentOutputs {
  const expiresAt = new Date(deployedAt.getTime() + run.inputs.duration * 3_600_000);
  return {
    ...run.inputs,
    deploymentId,
    status: "ready",
    deployedRecorders: [],
    recorderIps: [],
    deployedAt: deployedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    message,
    ...(run.context.settings.relay ? { callbackNonce: run.nonce } : {}),
    ...(balance === undefined ? {} : { balance }),
  };
}
