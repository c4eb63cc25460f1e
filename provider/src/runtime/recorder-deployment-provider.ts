import type * as pulumi from "@pulumi/pulumi";
import { CallbackListener } from "../callbacks/callback-listener";
import { CallbackOutcome, DeployedRecorder } from "../callbacks/callback-outcome";
import { CallbackWaitTimeout, PendingCallback } from "../callbacks/callback-registry";
import type { createJodClient } from "../client";
import {
  DEFAULT_TIMEOUT_SECONDS,
  DeploymentInputs,
  DeploymentOutputs,
  DeploymentStatus,
  REPLACE_ON_CHANGE,
  UPDATE_IN_PLACE,
} from "../deployment-state";
import {
  JodCallbackTimeoutError,
  JodDeploymentFailedError,
  JodError,
  JodInterruptedError,
  JodNotConfiguredError,
} from "../errors";
import {
  validateCallbackBaseUrl,
  validateDomain,
  validateDuration,
  validateLocation,
  validateRecorders,
  validateTimeoutSeconds,
} from "../validation";
import {
  createInterruptionGuard,
  InterruptionWatch,
  ProcessInterrupted,
  SignalTarget,
} from "./interruption-guard";
import { unreachableCallbackReason } from "./callback-reachability";
import { describeDeployment, statusNote } from "./deployment-messages";
import { ProviderSettings, readProviderSettings, SettingsFailure } from "./provider-settings";

/**
 * What the engine sends in place of a value that is not known yet during preview
 * (`@pulumi/pulumi/runtime/rpc` `unknownValue`; copied so the provider loads without the SDK).
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** After an answer that may hide a deployment (HTTP 500, timeout), how long to hope for a callback. */
export const LOST_ANSWER_GRACE_MS = 60_000;

/** How often a waiting create says it is still waiting. */
export const PROGRESS_INTERVAL_MS = 30_000;

export interface ProviderDependencies {
  createClient: typeof createJodClient;
  now: () => Date;
  env: NodeJS.ProcessEnv;
  /** Plain console output: the engine shows the provider's stdout as info lines. */
  log: (message: string) => void;
  /**
   * Where SIGINT and SIGTERM arrive, so that creates waiting on JOD hand their deployment to the
   * engine before the process exits (the runtime passes `process`). Without it, creates are
   * never interrupted.
   */
  signals?: SignalTarget;
}

type Validator = (value: unknown) => string | undefined;

const VALIDATORS: Record<keyof DeploymentInputs, { validate: Validator; optional: boolean }> = {
  domain: { validate: validateDomain, optional: false },
  recorders: { validate: validateRecorders, optional: false },
  duration: { validate: validateDuration, optional: false },
  location: { validate: validateLocation, optional: false },
  callbackUrl: { validate: validateCallbackBaseUrl, optional: true },
  timeoutSeconds: { validate: validateTimeoutSeconds, optional: true },
};

/**
 * The RecorderDeployment provider: validation, diff, and the create that posts to JOD and waits
 * for its callback. The serialized shim in `recorder-deployment.ts` calls into one instance of
 * this per provider process.
 *
 * @example
 * ```ts
 * const provider = createRecorderDeploymentProvider({
 *   createClient: createJodClient, now: () => new Date(), env: process.env, log: console.log,
 * });
 * ```
 */
export function createRecorderDeploymentProvider(
  deps: ProviderDependencies,
): Required<Omit<pulumi.dynamic.ResourceProvider, "invoke">> {
  let settings: ProviderSettings;
  let settingsFailures: SettingsFailure[] = [];
  let listener: CallbackListener | undefined;

  const applySettings = (getConfig: (key: string) => string | undefined) => {
    ({ settings, failures: settingsFailures } = readProviderSettings(getConfig, deps.env));
  };
  // Until the engine calls configure (and in unit tests), the environment is the only source.
  applySettings(() => undefined);

  const log = (message: string) => deps.log(`jod: ${message}`);
  const interruptions = createInterruptionGuard({ target: deps.signals, log });

  return {
    async configure(req) {
      applySettings((key) => {
        const value: unknown = req.config.get(key);
        return value === undefined ? undefined : String(value);
      });
    },

    async check(_olds, news) {
      const failures: pulumi.dynamic.CheckFailure[] = [];
      for (const [property, { validate, optional }] of Object.entries(VALIDATORS)) {
        const value: unknown = news[property];
        if (value === UNKNOWN_VALUE || (optional && value === undefined)) continue;
        const reason = validate(value);
        if (reason) failures.push({ property, reason });
      }
      // Config problems have no input property; the reason names the config key.
      for (const failure of settingsFailures) {
        failures.push({ property: "", reason: failure.reason });
      }
      if (failures.length === 0 && news.callbackUrl !== UNKNOWN_VALUE) {
        const unreachable = unreachableCallbackReason(settings, news.callbackUrl);
        if (unreachable) failures.push({ property: "", reason: unreachable });
      }
      return { inputs: news, failures };
    },

    async diff(_id, olds: Partial<DeploymentOutputs>, news: DeploymentInputs) {
      const replaces: string[] = REPLACE_ON_CHANGE.filter((key) => olds[key] !== news[key]);
      const updates = UPDATE_IN_PLACE.filter((key) => olds[key] !== news[key]);
      const expired = isExpired(olds, deps.now());
      if (expired && replaces.length === 0) {
        if (settings.renewExpired) replaces.push("expiresAt");
        else {
          log(
            `deployment ${olds.deploymentId} (${describeDeployment(olds)}) expired at ${olds.expiresAt}. ` +
              "Run `pulumi up --refresh` to drop it and deploy new recorders.",
          );
        }
      }
      if (replaces.length === 0 && olds.status !== undefined && olds.status !== "ready") {
        log(statusNote(olds));
      }
      if (replaces.length > 0) {
        log(
          `replacing deployment ${olds.deploymentId} because ${replaces.join(", ")} changed: this ` +
            `deploys and pays for new recorders (${describeDeployment(news)}), while the current ones keep ` +
            `running until ${olds.expiresAt} (JOD has no way to stop them early).`,
        );
      }
      return {
        changes: replaces.length > 0 || updates.length > 0,
        replaces,
        deleteBeforeReplace: false,
      };
    },

    async create(inputs: DeploymentInputs) {
      const apiKey = requireApiKey();
      const timeoutMs = (inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
      const deadline = Date.now() + timeoutMs;
      const listenerNow = (listener ??= new CallbackListener({
        listen: settings.callbackListen,
        publicUrl: settings.callbackUrl,
        log,
      }));
      let waitingFor = `${describeDeployment(inputs)}, not yet sent to JOD`;
      const watch = interruptions.watch(() => waitingFor);
      const lease = await listenerNow.register(inputs.callbackUrl).catch((error: unknown) => {
        watch.end();
        throw error;
      });
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
          return await recoverLostAnswer(inputs, lease.pending, error, deployedAt, deadline, watch);
        }

        const base = baseOutputs(inputs, accepted.deploymentId, deployedAt, accepted.message);
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
            lease.pending,
            deadline,
            accepted.deploymentId,
            watch.signal,
          );
        } catch (error) {
          const awaiting = { ...base, status: "awaiting-callback" as const };
          if (error instanceof ProcessInterrupted) {
            throw partialCreate(
              new JodInterruptedError({
                signal: error.signal,
                deploymentId: accepted.deploymentId,
                cause: error,
              }),
              awaiting,
            );
          }
          if (!(error instanceof CallbackWaitTimeout)) throw error;
          const timeout = new JodCallbackTimeoutError({
            deploymentId: accepted.deploymentId,
            waitedSeconds: Math.round(timeoutMs / 1000),
          });
          throw partialCreate(timeout, awaiting);
        }
        return finish(inputs, base, outcome);
      } finally {
        watch.end();
        await lease.release();
      }
    },

    async read(id, props: DeploymentOutputs) {
      if (isExpired(props, deps.now())) {
        log(
          `deployment ${props.deploymentId} (${describeDeployment(props)}) expired at ${props.expiresAt}; ` +
            "it is dropped from the stack and the next `pulumi up` deploys new recorders.",
        );
        return { id: "", props: {} };
      }
      // JOD has no status endpoint: what the stack knows is all there is to know.
      if (props.status !== undefined && props.status !== "ready") log(statusNote(props));
      return { id, props };
    },

    async update(_id, olds: DeploymentOutputs, news: DeploymentInputs) {
      const outs: Record<string, unknown> = { ...olds };
      for (const key of UPDATE_IN_PLACE) {
        if (news[key] === undefined) delete outs[key];
        else outs[key] = news[key];
      }
      if (olds.status !== "ready") {
        log(
          `deployment ${olds.deploymentId} is still ${olds.status}: JOD has no status endpoint, so ` +
            "it stays as it is (never deployed twice). Run `pulumi up --replace <urn>` to deploy anew.",
        );
      }
      return { outs };
    },

    async delete(_id, props: DeploymentOutputs) {
      const now = deps.now();
      const running = !isExpired(props, now);
      log(
        `removed deployment ${props.deploymentId} (${describeDeployment(props)}) from the stack. ` +
          (running
            ? `JOD has no teardown endpoint: its recorders keep running (already paid) until ${props.expiresAt}.`
            : `It expired at ${props.expiresAt}.`),
      );
    },
  };

  function requireApiKey(): string {
    if (settings.apiKey === undefined || settingsFailures.length > 0) {
      throw new JodNotConfiguredError(settingsFailures.map((failure) => failure.reason));
    }
    return settings.apiKey;
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

  function finish(inputs: DeploymentInputs, base: DeploymentOutputs, outcome: CallbackOutcome) {
    if (outcome.kind === "failure") {
      throw new JodDeploymentFailedError({
        deploymentId: base.deploymentId,
        location: inputs.location,
        jodMessage: outcome.message,
      });
    }
    const outs = withRecorders(base, outcome.recorders, outcome.message || base.message);
    log(
      `deployment ${base.deploymentId} ready: ${outcome.recorders.length} recorder(s) at ` +
        `${outs.recorderIps.join(", ") || "no IPs"}, until ${outs.expiresAt}`,
    );
    return { id: base.deploymentId, outs };
  }

  /**
   * JOD may have deployed although its answer was lost. Its callback still comes to our token,
   * so wait for it a little: it tells the deployment id. Without one, keep an `unconfirmed`
   * entry in the stack rather than forget something that may be paid for.
   */
  async function recoverLostAnswer(
    inputs: DeploymentInputs,
    pending: PendingCallback,
    error: JodError,
    deployedAt: Date,
    deadline: number,
    watch: InterruptionWatch,
  ) {
    pending.expectDeployment();
    const graceEnd = Math.min(deadline, Date.now() + LOST_ANSWER_GRACE_MS);
    if (!watch.signal.aborted) {
      log(
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
      const outs = {
        ...baseOutputs(inputs, id, deployedAt, error.message),
        status: "unconfirmed" as const,
      };
      throw partialCreate(error, outs);
    }
    const deploymentId = outcome.kind === "success" ? outcome.deploymentId : "(unknown id)";
    return finish(inputs, baseOutputs(inputs, deploymentId, deployedAt, error.message), outcome);
  }

  async function waitWithProgress(
    pending: PendingCallback,
    deadline: number,
    deploymentId: string,
    signal: AbortSignal,
  ): Promise<CallbackOutcome> {
    const started = Date.now();
    const progress = setInterval(() => {
      const waited = Math.round((Date.now() - started) / 1000);
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      log(
        `still waiting for JOD's callback for deployment ${deploymentId} (${waited} s, ${left} s left)`,
      );
    }, PROGRESS_INTERVAL_MS);
    progress.unref();
    try {
      return await pending.wait(Math.max(0, deadline - Date.now()), signal);
    } finally {
      clearInterval(progress);
    }
  }
}

function withRecorders(
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
 * Makes a create error a partial create: the engine then keeps the resource in state with these
 * properties, so a deployment that may be paid for is never forgotten by the stack.
 */
function partialCreate(
  error: JodError,
  outs: DeploymentOutputs & { status: DeploymentStatus },
): JodError & { id: string; properties: DeploymentOutputs; reasons: string[] } {
  return Object.assign(error, {
    id: outs.deploymentId,
    properties: outs,
    reasons: [error.message],
  });
}

function isExpired(state: Partial<DeploymentOutputs>, now: Date): boolean {
  return state.expiresAt !== undefined && now.getTime() >= Date.parse(state.expiresAt);
}
