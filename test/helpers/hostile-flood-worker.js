// A flood of anonymous POSTs, run as a child process (so its buffers never count towards the
// heap of the process under test). Started by hostile-flood.ts; one JSON argument:
//   { base, tokenHexBytes?, localAddress?, connections, durationMs, bodyBytes, sizes? }
// Each of `connections` loops posts `bodyBytes` (or, with `sizes`, each size once, in order, on
// one connection) to `${base}/<random token>` until `durationMs` is over, then prints one JSON
// line: { offered, byStatus, durationMs }. Loopback targets only.
"use strict";
const http = require("node:http");
const { randomBytes } = require("node:crypto");

const options = JSON.parse(process.argv[2]);
const target = new URL(options.base);
if (!["127.0.0.1", "[::1]", "localhost"].includes(target.hostname)) {
  throw new Error(`the flood targets loopback only, not ${target.hostname}`);
}
if (options.localAddress !== undefined && !options.localAddress.startsWith("127.")) {
  throw new Error(`the flood comes from loopback only, not ${options.localAddress}`);
}
const tokenOf = () =>
  options.tokenHexBytes
    ? randomBytes(options.tokenHexBytes).toString("hex")
    : randomBytes(32).toString("base64url");
const started = Date.now();
const deadline = started + options.durationMs;
const byStatus = {};
let offered = 0;
const bodies = new Map();
/** One shared buffer per size: the flood costs its sender memory once, not per request. */
const bodyOf = (size) => {
  if (!bodies.has(size)) bodies.set(size, Buffer.alloc(size, "[").fill("1", size - 1));
  return bodies.get(size);
};
const count = (key) => (byStatus[key] = (byStatus[key] ?? 0) + 1);

function post(size) {
  offered += 1;
  return new Promise((resolve) => {
    const body = bodyOf(size);
    const request = http.request(`${options.base}/${tokenOf()}`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": body.length },
      timeout: 10_000,
      localAddress: options.localAddress,
    });
    let done = false;
    const end = (key) => {
      if (done) return;
      done = true;
      count(key);
      request.destroy();
      resolve();
    };
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => end(String(response.statusCode)));
      response.on("error", () => end(String(response.statusCode)));
    });
    request.on("timeout", () => end("timeout"));
    request.on("error", (error) => end(error.code ?? "error"));
    request.end(body);
  });
}

async function loop() {
  while (Date.now() < deadline) await post(options.bodyBytes);
}

async function main() {
  if (options.sizes) {
    for (const size of options.sizes) await post(size);
  } else {
    await Promise.all(Array.from({ length: options.connections }, loop));
  }
  process.stdout.write(
    `${JSON.stringify({ offered, byStatus, durationMs: Date.now() - started })}\n`,
  );
}
main();
