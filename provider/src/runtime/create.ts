import type * as pulumi from "@pulumi/pulumi";
import { CallbackListener, type CallbackLease } from "../callbacks/callback-listener";
import { CallbackWaitTimeout } from "../callbacks/callback-registry";
import {
  DEFAULT_TIMEOUT_SECONDS,
  deploymentRequest,
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
import { resumedDeployment, startJournalTrail, type JournalTrail } from "./adoption";
import { InterruptionWatch, ProcessInterrupted } from "./interruption-guard";
import {
  baseOutputs,
  describeDeployment,
  ProviderContext,
  withRecorders,
} from "./provider-context";
import { relayFor } from "./relay-mode";

/** After an answer that may hide a deployment (HTTP 500, timeout), how long to hope for a callback. */
export const LOST_ANSWER_GRACE_MS = 60_000;

/** How often a waiting create says it is still waiting. */
export const PROGRESS_INTERVAL_MS = 30_000;

/** What one create holds while it runs. */
interface Attempt {
  context: ProviderContext;
  inputs: DeploymentInputs;
  trail: JournalTrail;
  lease: Awaited<ReturnType<typeof openCallbackChannel>>;
  watch: InterruptionWatch;
  /** What the create waits for, as an interruption reports it. */
  waiting: { for: string };
}

/**
 * The deployment a create waits for: JOD's (or the journal's) account of it, or, when JOD's
 * answer was lost, what it is known as, how long to wait for a callback that tells more, and
 * what the stack keeps without one.
 */
export interface Deployment {
  base: DeploymentOutputs;
  lost?: { waitMs: number; kept: KeptDeployment };
}

/** What the stack keeps when no callback comes: a partial create with this status and error. */
export interface KeptDeployment {
  status: "awaiting-callback" | "unconfirmed";
  error: JodError;
  outs: DeploymentOutputs;
}

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
  const apiKey = context.requireApiKey();
  // The relay's own errors (wrong secret, down, not a relay) are the clearest: check it first.
  await relayFor(context)?.ready();
  const trail = await startJournalTrail(context, inputs);
  const { plan } = trail;
  if (plan.kind === "done") {
    await trail.note({ phase: "done" });
    return plan.result;
  }
  const timeoutMs = (inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const deadline = Date.now() + timeoutMs;
  const lease = await openCallbackChannel(context, inputs.callbackUrl, trail.earlierChannel);
  trail.begin(lease, deadline);
  const waiting = { for: `${describeDeployment(inputs)}, not yet sent to JOD` };
  const watch = context.interruptions.watch(() => waiting.for);
  const run: Attempt = { context, inputs, trail, lease, watch, waiting };
  try {
    const { base, lost } =
      plan.kind === "post"
        ? await post(run, apiKey, timeoutMs, deadline)
        : resumedDeployment(context, inputs, plan);
    if (lost) {
      // JOD may have deployed, but which deployment is unknown: its callback still comes to our
      // channel and tells the id, so wait for it a little before keeping an `unconfirmed` entry.
      lease.pending.expectDeployment();
      return await awaitCallback(run, base, lost.waitMs, () => lost.kept);
    }
    const { deploymentId } = base;
    lease.pending.expectDeployment(deploymentId);
    waiting.for = `deployment ${deploymentId} (${describeDeployment(inputs)}), accepted by JOD, awaiting its callback`;
    return await awaitCallback(run, base, deadline - Date.now(), (ended) => {
      const error =
        ended instanceof ProcessInterrupted
          ? new JodInterruptedError({ signal: ended.signal, deploymentId, cause: ended })
          : new JodCallbackTimeoutError({ deploymentId, waitedSeconds: timeoutMs / 1000 });
      return { status: "awaiting-callback", error, outs: base };
    });
  } catch (error) {
    if (error instanceof JodDeploymentFailedError) {
      await trail.handOver({ kind: "failed", message: error.message });
    }
    throw error;
  } finally {
    watch.end();
    await lease.release();
  }
}

/**
 * Posts the deployment to JOD: the outputs of the deployment it accepted, or, when its answer
 * was lost (it may have deployed), what is known with the error. A refusal throws.
 */
async function post(
  run: Attempt,
  apiKey: string,
  timeoutMs: number,
  deadline: number,
): Promise<Deployment> {
  const { context, inputs, trail, lease, watch } = run;
  await trail.note({ phase: "intent" });
  context.log(`deploying ${describeDeployment(inputs)}`);
  const client = context.deps.createClient({
    endpoint: context.settings.endpoint,
    timeoutMs: Math.min(30_000, timeoutMs),
    warn: context.log,
  });
  const deployedAt = context.deps.now();
  await trail.note({ phase: "sending", deployedAt: deployedAt.toISOString() });
  run.waiting.for = `${describeDeployment(inputs)}, sent to JOD, answer not in yet`;
  // Counted until JOD's answer is journaled: an orphaned provider waits for that to exit.
  context.postsInFlight += 1;
  try {
    // No abort signal: an interruption lets JOD's answer arrive (bounded by the request
    // timeout) so that it is recorded, rather than leave the deployment unconfirmed.
    const answer = await client
      .deployRecorders({ ...deploymentRequest(inputs), apiKey, callbackUrl: lease.callbackUrl })
      .catch(async (error: unknown) => {
        if (error instanceof JodError && error.mayHaveDeployed) return error;
        const message = error instanceof Error ? error.message : String(error);
        await trail.handOver({ kind: "failed", message });
        throw error;
      });
    // A relay channel can be fetched again later (refresh): state keeps its nonce.
    const channel = lease.nonce === undefined ? {} : { callbackNonce: lease.nonce };
    if (answer instanceof JodError) {
      const base = {
        ...baseOutputs(inputs, "(unknown id)", deployedAt, answer.message),
        ...channel,
      };
      const waitMs = Math.min(deadline - Date.now(), LOST_ANSWER_GRACE_MS);
      if (!watch.signal.aborted) {
        context.log(
          `${answer.message} Waiting up to ${Math.round(waitMs / 1000)} s for a callback.`,
        );
      }
      const outs = { ...base, deploymentId: `unconfirmed-${deployedAt.getTime()}` };
      return { base, lost: { waitMs, kept: { status: "unconfirmed", error: answer, outs } } };
    }
    const { deploymentId, balance } = answer;
    const known = balance === undefined ? {} : { balance };
    const base = {
      ...baseOutputs(inputs, deploymentId, deployedAt, answer.message),
      ...channel,
      ...known,
    };
    // Match the callback at once; the journal write must not hold it up.
    lease.pending.expectDeployment(deploymentId);
    await trail.note({ phase: "accepted", deploymentId, expiresAt: base.expiresAt, ...known });
    context.log(
      `JOD accepted deployment ${deploymentId}` +
        (balance !== undefined ? ` (balance now ${balance})` : "") +
        `; waiting up to ${inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS} s for its callback`,
    );
    return { base };
  } finally {
    context.postsInFlight -= 1;
  }
}

/**
 * Waits up to `waitMs` for JOD's callback: the ready deployment, or a failure. When none comes
 * (or the process is interrupted), `keep` says what the stack keeps.
 */
async function awaitCallback(
  run: Attempt,
  base: DeploymentOutputs,
  waitMs: number,
  keep: (ended: CallbackWaitTimeout | ProcessInterrupted) => KeptDeployment,
): Promise<pulumi.dynamic.CreateResult> {
  const { context, inputs, trail, lease, watch } = run;
  const started = Date.now();
  const progress = setInterval(() => {
    const waited = Math.round((Date.now() - started) / 1000);
    const left = Math.max(0, Math.round((started + waitMs - Date.now()) / 1000));
    context.log(
      `still waiting for JOD's callback for deployment ${base.deploymentId} (${waited} s, ${left} s left)`,
    );
  }, PROGRESS_INTERVAL_MS);
  progress.unref();
  let outcome;
  try {
    outcome = await lease.pending.wait(Math.max(0, waitMs), watch.signal);
  } catch (error) {
    if (!(error instanceof CallbackWaitTimeout || error instanceof ProcessInterrupted)) throw error;
    const { status, error: cause, outs } = keep(error);
    const kept = keepInStack(cause, status, outs);
    await trail.handOver({ kind: "partial", status, message: kept.message });
    throw kept;
  } finally {
    clearInterval(progress);
  }
  if (outcome.kind === "failure") {
    throw new JodDeploymentFailedError({
      deploymentId: base.deploymentId,
      location: inputs.location,
      jodMessage: outcome.message,
    });
  }
  const { deploymentId, recorders, message } = outcome;
  const outs = withRecorders({ ...base, deploymentId }, recorders, message || base.message);
  context.log(
    `deployment ${deploymentId} ready: ${recorders.length} recorder(s) at ` +
      `${outs.recorderIps.join(", ") || "no IPs"}, until ${outs.expiresAt}`,
  );
  await trail.handOver({ kind: "ready", recorders, message });
  return { id: deploymentId, outs };
}

/**
 * Where this create's callback goes: a channel on the relay when `jod:callbackRelay` is set (no
 * port opened here), otherwise a token on the shared direct listener. `nonce` is what state
 * keeps to find a relay channel again.
 */
async function openCallbackChannel(
  context: ProviderContext,
  publicUrl: string | undefined,
  earlier: { token?: string; nonce?: string } = {},
): Promise<CallbackLease & { nonce?: string; token: string }> {
  const { settings, log } = context;
  const relay = relayFor(context);
  const lease = relay
    ? await relay.register(earlier.nonce)
    : await (context.listener ??= new CallbackListener({
        listen: settings.callbackListen,
        publicUrl: settings.callbackUrl,
        log,
      })).register(publicUrl, earlier.token);
  return { ...lease, token: lease.pending.token };
}
