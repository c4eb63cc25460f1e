/**
 * A child process holding one CallbackListener (provider/src/callbacks), so that autocannon in
 * the parent and the listener each have a core. Driven over the IPC channel: see
 * listener-messages.ts.
 */
import { CallbackListener, type CallbackLease } from "../provider/src/callbacks/callback-listener";
import { successCallbackBody } from "./callback-poster";
import {
  deploymentIdFor,
  type PrepareMessage,
  type ReadyMessage,
  type ReportMessage,
  type ReportRequest,
} from "./listener-messages";

const results: Record<string, number> = {};
const listener = new CallbackListener({
  listen: { host: "127.0.0.1", port: 0 },
  log: (line) => {
    const result = /^callback endpoint: (.+)$/.exec(line)?.[1];
    if (result) results[result] = (results[result] ?? 0) + 1;
  },
});
const leases: CallbackLease[] = [];

async function prepare(message: PrepareMessage): Promise<ReadyMessage> {
  for (let index = 0; index < message.tokens; index++) {
    const lease = await listener.register();
    lease.pending.expectDeployment(deploymentIdFor(index));
    leases.push(lease);
  }
  if (message.scenario === "duplicate") {
    // Settle the token now: every callback the benchmark sends is then a duplicate.
    listener.registry.deliver(leases[0].pending.token, successCallbackBody(deploymentIdFor(0)));
  }
  const address = await listener.address();
  if (!address) throw new Error("the callback listener is not running");
  return {
    type: "ready",
    port: address.port,
    tokens: message.scenario === "forged" ? [] : leases.map((lease) => lease.pending.token),
  };
}

process.on("message", (message: PrepareMessage | ReportRequest) => {
  if (message.type === "prepare") {
    prepare(message).then(
      (ready) => process.send?.(ready),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  } else {
    const report: ReportMessage = { type: "report", results };
    process.send?.(report, () => {
      void Promise.all(leases.map((lease) => lease.release())).then(() => process.exit(0));
    });
  }
});
