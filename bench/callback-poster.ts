import http from "node:http";

/** How a callback POST ended: the HTTP status and body, or the socket error. */
export type PostOutcome = { status: number; body: string } | { error: string };

/** Long enough for a loaded machine, short enough that a stuck benchmark ends. */
const POST_TIMEOUT_MS = 30_000;

/**
 * POSTs a JSON body the way JOD calls back: a fresh connection per callback (no keep-alive
 * agent), so no socket outlives the listener that a finished create stops.
 *
 * @example
 * ```ts
 * const outcome = await postJson("http://127.0.0.1:4000/jod/callback/abc", { it: "failed" });
 * ```
 */
export function postJson(url: string, body: unknown): Promise<PostOutcome> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent: false,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
        },
        timeout: POST_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        response.on("error", (error) => resolve({ error: error.message }));
      },
    );
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", (error) => resolve({ error: error.message }));
    request.end(payload);
  });
}

/**
 * JOD's success callback for one recorder at a documentation address.
 *
 * @example
 * ```ts
 * successCallbackBody("dep-1"); // { it: "worked", ..., deployment_info: { deployment_id: "dep-1", ... } }
 * ```
 */
export function successCallbackBody(deploymentId: string) {
  return {
    it: "worked",
    message: "deployment successful",
    deployment_info: {
      deployment_id: deploymentId,
      recorders: [{ recorder_id: `${deploymentId}-r1`, recorder_ip: "192.0.2.10" }],
    },
  };
}
