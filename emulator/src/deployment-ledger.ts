import { randomUUID } from "node:crypto";
import { fingerprintApiKey } from "./api-key-fingerprint";
import {
  failureCallback,
  successCallback,
  type CallbackRecorder,
  type JodCallback,
} from "./callback-payloads";
import type { DeployOrder } from "./deploy-form";
import type { CallbackMode } from "./faults";
import type { JodLocation } from "./locations";
import { roundMoney } from "./money";
import type { EmulatorAccount } from "./options";
import { allocateRecorders } from "./recorder-allocation";

/**
 * Where a deployment stands: `pending` until its callback time, then `succeeded` or `failed`
 * (the outcome announced by the callback), or `dropped` when the callback was never sent.
 *
 * @example
 * ```ts
 * const done = (status: DeploymentStatus) => status !== "pending";
 * ```
 */
export type DeploymentStatus = "pending" | "succeeded" | "failed" | "dropped";

/**
 * One callback POST: its time and either the HTTP status it got or the error that stopped it.
 *
 * @example
 * ```ts
 * const delivered = (d: CallbackDelivery) => d.httpStatus !== null && d.httpStatus < 300;
 * ```
 */
export interface CallbackDelivery {
  sentAt: string;
  httpStatus: number | null;
  error: string | null;
}

/**
 * One deployment, as `GET /__admin/deployments` shows it.
 *
 * @example
 * ```ts
 * const [deployment] = emulator.deployments();
 * console.log(deployment.status, deployment.recorders.map((r) => r.recorder_ip));
 * ```
 */
export interface DeploymentRecord {
  deploymentId: string;
  apiKeyFingerprint: string;
  domain: string;
  /** How many recorders were asked for. */
  recorderCount: number;
  /** Hours. */
  duration: number;
  location: JodLocation;
  callbackUrl: string;
  status: DeploymentStatus;
  /** The recorders announced (empty until a successful outcome). */
  recorders: CallbackRecorder[];
  /** How many callback POSTs were attempted. */
  callbacksSent: number;
  callbackDeliveries: CallbackDelivery[];
  /** What was charged: recorders × duration × price. */
  cost: number;
  /** Whether the charge was given back because the deployment failed. */
  refunded: boolean;
  createdAt: string;
  /** When the outcome was decided and the callback sent, or null while pending. */
  settledAt: string | null;
}

/**
 * What the ledger needs to open a deployment.
 *
 * @example
 * ```ts
 * ledger.create({ account, domain: "meet.example.com", order, cost: 0.2, callbackMode: "success" });
 * ```
 */
export interface NewDeployment {
  account: EmulatorAccount;
  domain: string;
  order: DeployOrder;
  cost: number;
  callbackMode: CallbackMode;
}

/**
 * The callbacks to POST once a deployment settles (none, one, or two for `duplicate`).
 *
 * @example
 * ```ts
 * const settled: SettledDeployment | undefined = ledger.settle(id);
 * ```
 */
export interface SettledDeployment {
  callbackUrl: string;
  payloads: JodCallback[];
}

interface LedgerEntry {
  record: DeploymentRecord;
  // The live account, so a refund reaches it even if its key is re-added meanwhile.
  account: EmulatorAccount;
  outcome: "success" | "failure";
  callbackMode: CallbackMode;
}

/**
 * Deployments, their charges and refunds, and the recorders they hold per location.
 * Capacity is reserved when a deployment is created, so concurrent requests cannot oversell
 * a location; a deployment that does not fit is accepted but fails at callback time, and its
 * charge is refunded then (JOD took the order and only later found no recorders).
 *
 * @example
 * ```ts
 * const ledger = new DeploymentLedger(resolveEmulatorOptions({}).capacity);
 * const deployment = ledger.create({ account, domain, order, cost, callbackMode: "success" });
 * ledger.settle(deployment.deploymentId)?.payloads[0].it; // "worked"
 * ```
 */
export class DeploymentLedger {
  private readonly entries = new Map<string, LedgerEntry>();

  constructor(private readonly capacity: Readonly<Record<JodLocation, number>>) {}

  /** Charges the account and opens a pending deployment; returns a copy of its record. */
  create({ account, domain, order, cost, callbackMode }: NewDeployment): DeploymentRecord {
    account.balance = roundMoney(account.balance - cost);
    const fits =
      this.reservedRecorders(order.location) + order.recorders <= this.capacity[order.location];
    const record: DeploymentRecord = {
      deploymentId: randomUUID(),
      apiKeyFingerprint: fingerprintApiKey(account.apiKey),
      domain,
      recorderCount: order.recorders,
      duration: order.duration,
      location: order.location,
      callbackUrl: order.callbackUrl,
      status: "pending",
      recorders: [],
      callbacksSent: 0,
      callbackDeliveries: [],
      cost,
      refunded: false,
      createdAt: new Date().toISOString(),
      settledAt: null,
    };
    const outcome = fits && callbackMode !== "failure" ? "success" : "failure";
    this.entries.set(record.deploymentId, { record, account, outcome, callbackMode });
    return structuredClone(record);
  }

  /**
   * Decides a pending deployment: a failure refunds the charge, a success gets its recorders.
   * Returns the callbacks to send, or `undefined` when the deployment is unknown or settled.
   */
  settle(deploymentId: string): SettledDeployment | undefined {
    const entry = this.entries.get(deploymentId);
    if (!entry || entry.record.status !== "pending") return undefined;
    const { record, account, outcome, callbackMode } = entry;
    record.settledAt = new Date().toISOString();
    let payload: JodCallback;
    if (outcome === "success") {
      record.recorders = allocateRecorders(record.recorderCount);
      const announcedId = callbackMode === "wrong-deployment-id" ? randomUUID() : deploymentId;
      payload = successCallback(announcedId, structuredClone(record.recorders));
    } else {
      account.balance = roundMoney(account.balance + record.cost);
      record.refunded = true;
      payload = failureCallback();
    }
    if (callbackMode === "drop") {
      record.status = "dropped";
      return { callbackUrl: record.callbackUrl, payloads: [] };
    }
    record.status = outcome === "success" ? "succeeded" : "failed";
    const payloads = callbackMode === "duplicate" ? [payload, payload] : [payload];
    return { callbackUrl: record.callbackUrl, payloads };
  }

  /** Notes one callback attempt on a deployment (ignored if it was reset away meanwhile). */
  recordDelivery(deploymentId: string, delivery: CallbackDelivery): void {
    const record = this.entries.get(deploymentId)?.record;
    if (!record) return;
    record.callbacksSent += 1;
    record.callbackDeliveries.push(delivery);
  }

  /** A copy of one deployment. */
  get(deploymentId: string): DeploymentRecord | undefined {
    const entry = this.entries.get(deploymentId);
    return entry && structuredClone(entry.record);
  }

  /** Copies of every deployment, oldest first. */
  list(): DeploymentRecord[] {
    return [...this.entries.values()].map((entry) => structuredClone(entry.record));
  }

  /** Recorders held in a location by deployments that did not, and will not, fail. */
  reservedRecorders(location: JodLocation): number {
    let reserved = 0;
    for (const { record, outcome } of this.entries.values()) {
      if (record.location === location && outcome === "success") reserved += record.recorderCount;
    }
    return reserved;
  }

  /** Forgets every deployment, which frees all capacity. Balances are not touched. */
  clear(): void {
    this.entries.clear();
  }
}
