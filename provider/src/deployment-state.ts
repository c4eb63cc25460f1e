import type { Location } from "./locations";

/** A recorder JOD reported in its success callback. */
export interface DeployedRecorder {
  id: string;
  ip: string;
}

/**
 * Where a deployment stands, as far as the stack knows:
 * - `ready`: JOD called back with the recorders' ids and IPs;
 * - `awaiting-callback`: JOD accepted it (it is paid for) but its callback never came;
 * - `unconfirmed`: JOD's answer was lost (HTTP 500, timeout): it may or may not exist.
 */
export type DeploymentStatus = "ready" | "awaiting-callback" | "unconfirmed";

/** The inputs of a RecorderDeployment after `check`. */
export interface DeploymentInputs {
  domain: string;
  recorders: number;
  duration: number;
  location: Location;
  callbackUrl?: string;
  timeoutSeconds?: number;
}

/** What a RecorderDeployment keeps in state: its inputs plus what JOD reported. */
export interface DeploymentOutputs extends DeploymentInputs {
  deploymentId: string;
  status: DeploymentStatus;
  deployedRecorders: DeployedRecorder[];
  recorderIps: string[];
  /** Account balance JOD reported after this deployment; absent when JOD's answer was lost. */
  balance?: number;
  /** ISO 8601: when JOD accepted the deployment (as seen by the provider). */
  deployedAt: string;
  /** ISO 8601: `deployedAt` plus `duration` hours; JOD stops the recorders then. */
  expiresAt: string;
  /** JOD's last message about this deployment. */
  message: string;
  /**
   * Relay mode only: finds this deployment's callback channel again (with `jod:relaySecret`,
   * which derives its token), so `pulumi refresh` can fetch a callback the create missed.
   */
  callbackNonce?: string;
}

/** Inputs whose change needs a new deployment (and a new payment): what JOD is asked for. */
export const REPLACE_ON_CHANGE = ["domain", "recorders", "duration", "location"] as const;

/** The inputs JOD is asked to deploy: those of {@link REPLACE_ON_CHANGE}. */
export function deploymentRequest(inputs: DeploymentInputs) {
  const { domain, recorders, duration, location } = inputs;
  return { domain, recorders, duration, location };
}

/** Inputs that only matter while a create waits, so they change in place. */
export const UPDATE_IN_PLACE = ["callbackUrl", "timeoutSeconds"] as const;

/** How long a create waits for JOD's callback unless `timeoutSeconds` says otherwise. */
export const DEFAULT_TIMEOUT_SECONDS = 900;
