import type { CallbackChannel } from "../callbacks/callback-channel";
import { CallbackListener } from "../callbacks/callback-listener";
import type { createJodClient } from "../client/jod-client";
import type { DeployedRecorder, DeploymentInputs, DeploymentOutputs } from "../deployment-state";
import { JodNotConfiguredError } from "../errors";
import type { DeploymentJournal } from "../journal/journal-entry";
import { RelayCallbacks } from "../relay";
import { createInterruptionGuard, type SignalTarget } from "./interruption-guard";
import { ProviderSettings, readProviderSettings, SettingsFailure } from "../settings";
import { SpendTally, type SpendContext } from "./spend-guard";

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
  /**
   * The engine's pid (see `orphan-watch.ts`), watched so that a provider orphaned by a hard stop
   * of the engine (kill -9 of its process group) exits instead of holding its port forever.
   * Without it, nothing is watched.
   */
  orphaning?: { parentPid: () => number; exit: () => void };
  /**
   * The engine's Cancel, for a provider served as a plugin: waiting creates hand over what they
   * know (see `interruption-guard.ts`). Without it, only signals interrupt.
   */
  cancelled?: AbortSignal;
  /** Where callbacks arrive; by default chosen from the settings (see {@link channelFor}). */
  channel?: CallbackChannel;
  /** Where the journal is kept; by default chosen from the settings (`journal-trail.ts`). */
  journal?: DeploymentJournal;
}

/** What the lifecycle operations share within one provider process. */
export interface ProviderContext extends SpendContext {
  deps: ProviderDependencies;
  /** Replaced by `configure`; until then (and in unit tests) read from the environment only. */
  settings: ProviderSettings;
  settingsFailures: SettingsFailure[];
  /** Where callbacks arrive (see {@link channelFor}), shared by every concurrent create. */
  channel?: CallbackChannel;
  /** What this provider asked JOD for, kept where a later run finds it (`journal-trail.ts`). */
  journal?: DeploymentJournal;
  /**
   * Creates that have not returned their result yet: an interrupted or orphaned process waits
   * for them, so that JOD's answer is journaled and handed over before it exits.
   */
  createsRunning: number;
  interruptions: ReturnType<typeof createInterruptionGuard>;
  log: (message: string) => void;
  applySettings(getConfig: (key: string) => string | undefined): void;
  requireApiKey(): string;
}

/** The state one provider process shares between its operations. */
export function createProviderContext(deps: ProviderDependencies): ProviderContext {
  const log = (message: string) => deps.log(`jod: ${message}`);
  const { settings, failures } = readProviderSettings(() => undefined, deps.env);
  const context: ProviderContext = {
    deps,
    settings,
    settingsFailures: failures,
    interruptions: createInterruptionGuard({
      target: deps.signals,
      log,
      createsRunning: () => context.createsRunning > 0,
      cancelled: deps.cancelled,
    }),
    spendTally: new SpendTally(),
    createsRunning: 0,
    channel: deps.channel,
    journal: deps.journal,
    log,
    applySettings(getConfig) {
      const { settings, failures } = readProviderSettings(getConfig, deps.env);
      context.settings = settings;
      context.settingsFailures = failures;
    },
    requireApiKey() {
      const { settings, settingsFailures } = context;
      if (settings.apiKey === undefined || settingsFailures.length > 0) {
        throw new JodNotConfiguredError(settingsFailures.map((failure) => failure.reason));
      }
      return settings.apiKey;
    },
  };
  return context;
}

/**
 * Where this process's callbacks arrive, chosen once: a channel on the relay when
 * `jod:callbackRelay` is set (no port opened here), otherwise the direct listener, started by
 * the first create and shared by every concurrent one.
 */
export function channelFor(context: ProviderContext): CallbackChannel {
  const { settings, log } = context;
  context.channel ??= settings.relay
    ? new RelayCallbacks(settings.relay, log)
    : new CallbackListener({
        listen: settings.callbackListen,
        publicUrl: settings.callbackUrl,
        tokenKey: () => context.requireApiKey(),
        log,
      });
  return context.channel;
}

/** How long a create or refresh asks the relay for a callback an earlier create's channel holds. */
export const BUFFERED_CALLBACK_WAIT_MS = 3_000;

export function isExpired(state: Partial<DeploymentOutputs>, now: Date): boolean {
  return state.expiresAt !== undefined && now.getTime() >= Date.parse(state.expiresAt);
}

/** A deployment in a few words, for the provider's log lines. */
export function describeDeployment(state: Partial<DeploymentInputs>): string {
  return `${state.recorders} recorder(s) in ${state.location} for ${state.domain}, ${state.duration} h`;
}

/** What a deployment that is not `ready` means for the user, for refresh, preview and up. */
export function statusNote(state: Partial<DeploymentOutputs>): string {
  const what = `deployment ${state.deploymentId} (${describeDeployment(state)}) is ${state.status}: `;
  const keep =
    " JOD has no status endpoint, so the stack keeps it as it is and `pulumi up` never deploys " +
    "it again; check the JOD dashboard, and run `pulumi up --replace <urn>` to deploy new recorders.";
  if (state.status === "awaiting-callback") {
    return (
      what +
      `JOD accepted it (it is paid for and runs until ${state.expiresAt}) but its callback never ` +
      `came, so its recorder ids and IPs are unknown.${keep}`
    );
  }
  return (
    what +
    "JOD's answer to the deployment request was lost, so it may or may not exist (if it does, it " +
    `is paid for and runs until ${state.expiresAt}).${keep}`
  );
}

/** The outputs of a deployment JOD reported ready. */
export function withRecorders(
  base: DeploymentOutputs,
  recorders: DeployedRecorder[],
  message: string,
): DeploymentOutputs {
  const recorderIps = recorders.map((recorder) => recorder.ip);
  return { ...base, status: "ready", deployedRecorders: recorders, recorderIps, message };
}
