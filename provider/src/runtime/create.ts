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
import { describeDeployment, openCallbackChannel, ProviderContext } from "./provider-context";

/** After an answer that may hide a deployment (HTTP 500, timeout), how long to hope for a callback. */
export const LOST_ANSWER_GRACE_MS = 60_000;

/** How often a waiting create says it is still waiting. */
export const PROGRESS_INTERVAL_MS = 30_000;

/**
 * Posts the deployment to JOD and waits for its callback. Once JOD may have deployed, every
 * failure is a partial create (see `keepInStack`), so a paid deployment is never forgotten.
 */
export async function create(
  context: ProviderContext,
  inputs: DeploymentInputs,
): Promise<pulumi.dynamic.CreateResult> {
  const { deps, settings, log } = context;
  const apiKey = context.requireApiKey();
  const timeoutMs = (inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const deadline = Date.now() + timeoutMs;
  let waitingFor = `${describeDeployment(inputs)}, not yet sent to JOD`;
  const watch = context.interruptions.watch(() => waitingFor);
  const lease = await openCallbackChannel(context, inputs.callbackUrl).catch((error: unknown) => {
    watch.end();
    throw error;
  });
  // A relay channel can be fetched again later (refresh): state keeps its nonce.
  const channel = lease.nonce === undefined ? {} : { callbackNonce: lease.nonce };
  try {
    log(`deploying ${describeDeployment(inputs)}`);
    const client = deps.createClient({
      endpoint: settings.endpoint,
      timeoutMs: Math.min(30_000, timeoutMs),
      logger: { debug: () => {}, warn: log },
    });
    const deployedAt = deps.now();
    waitingFor = `${describeDeployment(inputs)}, sent to JOD, answer not in yet`;
    let accepted;
    try {
      accepted = await client.deployRecorders(
        {
          apiKey,
          domain: inputs.domain,
          recorders: inputs.recorders,
          duration: inputs.duration,
          location: inputs.location,
          callbackUrl: lease.callbackUrl,
        },
        watch.signal,
      );
    } catch (error) {
      if (!(error instanceof JodError && error.mayHaveDeployed)) throw error;
      const lost = { inputs, channel, pending: lease.pending, error, deployedAt, deadline, watch };
      return await recoverLostAnswer(context, lost);
    }

    const base = {
      ...baseOutputs(inputs, accepted.deploymentId, deployedAt, accepted.message),
      ...channel,
    };
    if (accepted.balance !== undefined) base.balance = accepted.balance;
    log(
      `JOD accepted deployment ${accepted.deploymentId}` +
        (accepted.balance !== undefined ? ` (balance now ${accepted.balance})` : "") +
        `; waiting up to ${Math.round((deadline - Date.now()) / 1000)} s for its callback`,
    );
    lease.pending.expectDeployment(accepted.deploymentId);
    waitingFor = `deployment ${accepted.deploymentId} (${describeDeployment(inputs)}), accepted by JOD, awaiting its callback`;
    let outcome: CallbackOutcome;
    try {
      outcome = await waitWithProgress(
        context,
        lease.pending,
        deadline,
        accepted.deploymentId,
        watch,
      );
    } catch (error) {
      if (error instanceof ProcessInterrupted) {
        const interrupted = new JodInterruptedError({
          signal: error.signal,
          deploymentId: accepted.deploymentId,
          cause: error,
        });
        throw keepInStack(interrupted, "awaiting-callback", base);
      }
      if (!(error instanceof CallbackWaitTimeout)) throw error;
      const timeout = new JodCallbackTimeoutError({
        deploymentId: accepted.deploymentId,
        waitedSeconds: Math.round(timeoutMs / 1000),
      });
      throw keepInStack(timeout, "awaiting-callback", base);
    }
    return finish(context, inputs, base, outcome);
  } finally {
    watch.end();
    await lease.release();
  }
}

function baseOutputs(
  inputs: DeploymentInputs,
  deploymentId: string,
  deployedAt: Date,
  message: string,
): DeploymentOutputs {
  const expiresAt = new Date(deployedAt.getTime() + inputs.duration * 3_600_000);
  return {
    ...inputs,
    deploymentId,
    status: "ready",
    deployedRecorders: [],
    recorderIps: [],
    deployedAt: deployedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    message,
  };
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
    throw keepInStack(error, "unconfirmed", outs);
  }
  const deploymentId = outcome.kind === "success" ? outcome.deploymentId : "(unknown id)";
  const base = { ...baseOutputs(inputs, deploymentId, deployedAt, error.message), ...channel };
  return finish(context, inputs, base, outcome);
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
