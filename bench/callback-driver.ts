/**
 * A child process standing in for JOD's callback sender: for each IPC order it POSTs the body to
 * the URL on a fresh connection (no keep-alive: no socket outlives the listener a finished create
 * stops) and reports the moment just before sending (process.hrtime, the machine's monotonic
 * clock, comparable across processes) and the answer. Keeps the HTTP client's work out of the
 * process under measurement.
 */
import http from "node:http";

/** Parent to driver: send this callback now. */
export interface CallbackOrder {
  id: string;
  url: string;
  body: unknown;
}

/** Driver to parent: when it was sent (hrtime ns, as a string) and how it was answered. */
export interface CallbackReport {
  id: string;
  sentAtNs: string;
  /** "200 accepted", "202 (not JSON)", "error: socket hang up", ... */
  answer: string;
}

function post(order: CallbackOrder): Promise<string> {
  const payload = JSON.stringify(order.body);
  return new Promise((resolve) => {
    const request = http.request(
      order.url,
      {
        method: "POST",
        agent: false,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
        },
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          let result = "(not JSON)";
          try {
            result = String(
              (JSON.parse(Buffer.concat(chunks).toString()) as { result?: string }).result,
            );
          } catch {
            // nginx answers with its own text; the status says enough.
          }
          resolve(`${response.statusCode} ${result}`);
        });
        response.on("error", (error) => resolve(`error: ${error.message}`));
      },
    );
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", (error) => resolve(`error: ${error.message}`));
    request.end(payload);
  });
}

if (require.main === module) {
  process.on("message", (order: CallbackOrder) => {
    const sentAtNs = process.hrtime.bigint();
    void post(order).then((answer) => {
      const report: CallbackReport = { id: order.id, sentAtNs: String(sentAtNs), answer };
      process.send?.(report);
    });
  });
  process.on("disconnect", () => process.exit(0));
}
