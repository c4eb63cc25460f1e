/**
 * A child process standing in for JOD's callback sender: for each IPC message it POSTs the
 * body to the URL and replies with the moment just before sending (process.hrtime, the
 * machine's monotonic clock, comparable across processes) and the answer. Keeps the HTTP
 * client's work out of the process under measurement.
 */
import { postJson } from "./callback-poster";
import type { CallbackOrder, CallbackReport } from "./callback-driver-messages";

process.on("message", (order: CallbackOrder) => {
  const sentAtNs = process.hrtime.bigint();
  void postJson(order.url, order.body).then((outcome) => {
    const report: CallbackReport = { id: order.id, sentAtNs: String(sentAtNs), outcome };
    process.send?.(report);
  });
});
process.on("disconnect", () => process.exit(0));
