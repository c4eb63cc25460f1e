import type { JodCallback } from "./callback-payloads";
import type { DeploymentLedger } from "./deployment-ledger";
import { describeError } from "./error-message";
import { TimerRegistry } from "./timer-registry";

// A receiver that neither answers nor fails must not hold a delivery forever.
const CALLBACK_TIMEOUT_MS = 5000;

/**
 * Settles deployments and POSTs their callbacks as JSON, one attempt each. Every attempt,
 * its HTTP status or its error, is recorded on the deployment; nothing is thrown.
 * Redirects are not followed, so a loopback callback URL cannot bounce elsewhere.
 *
 * @example
 * ```ts
 * const sender = new CallbackSender(ledger, console.log);
 * sender.schedule(deployment.deploymentId, 200);
 * await sender.whenIdle();
 * ```
 */
export class CallbackSender {
  private readonly timers = new TimerRegistry();
  private readonly active = new Set<Promise<void>>();
  private abort = new AbortController();

  constructor(
    private readonly ledger: DeploymentLedger,
    private readonly log: (line: string) => void,
  ) {}

  /** Settles the deployment and sends its callbacks after `delayMs`. */
  schedule(deploymentId: string, delayMs: number): void {
    this.track(
      this.timers.wait(delayMs).then(async (fired) => {
        if (fired) await this.send(deploymentId);
      }),
    );
  }

  /** Settles the deployment and sends its callbacks now; resolves once they are delivered. */
  sendNow(deploymentId: string): Promise<void> {
    return this.track(this.send(deploymentId));
  }

  /** Cancels scheduled callbacks and aborts the ones in flight. */
  cancelAll(): void {
    this.timers.cancelAll();
    this.abort.abort();
    this.abort = new AbortController();
  }

  /** Resolves once no callback is scheduled or in flight. */
  async whenIdle(): Promise<void> {
    while (this.active.size > 0) await Promise.all(this.active);
  }

  private track(job: Promise<void>): Promise<void> {
    const tracked = job.finally(() => this.active.delete(tracked));
    this.active.add(tracked);
    return tracked;
  }

  private async send(deploymentId: string): Promise<void> {
    const signal = this.abort.signal;
    const settled = this.ledger.settle(deploymentId);
    if (!settled) return;
    if (settled.payloads.length === 0) this.log(`callback ${deploymentId} dropped (fault)`);
    for (const payload of settled.payloads) {
      if (signal.aborted) return;
      await this.deliver(deploymentId, settled.callbackUrl, payload, signal);
    }
  }

  private async deliver(
    deploymentId: string,
    callbackUrl: string,
    payload: JodCallback,
    cancelled: AbortSignal,
  ): Promise<void> {
    const sentAt = new Date().toISOString();
    const target = describeUrl(callbackUrl);
    try {
      const response = await fetch(callbackUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload),
        redirect: "manual",
        signal: AbortSignal.any([cancelled, AbortSignal.timeout(CALLBACK_TIMEOUT_MS)]),
      });
      // Read the answer so the connection can be reused; its content does not matter.
      await response.arrayBuffer();
      this.ledger.recordDelivery(deploymentId, {
        sentAt,
        httpStatus: response.status,
        error: null,
      });
      this.log(`callback ${deploymentId} ${payload.it} -> ${target}: HTTP ${response.status}`);
    } catch (error) {
      const message = describeError(error);
      this.ledger.recordDelivery(deploymentId, { sentAt, httpStatus: null, error: message });
      this.log(`callback ${deploymentId} ${payload.it} -> ${target}: failed: ${message}`);
    }
  }
}

// Query strings often carry tokens: logs show only where the callback went.
function describeUrl(callbackUrl: string): string {
  const url = new URL(callbackUrl);
  return `${url.origin}${url.pathname}`;
}
