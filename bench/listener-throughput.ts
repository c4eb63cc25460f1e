import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import path from "node:path";
import autocannon from "autocannon";
import { successCallbackBody } from "./callback-poster";
import { nextMessage } from "./child-messages";
import {
  deploymentIdFor,
  type ListenerScenario,
  type PrepareMessage,
  type ReadyMessage,
  type ReportMessage,
} from "./listener-messages";

/** Forged tokens cycle through a pool, so the client does not spend its time on randomBytes. */
const FORGED_TOKEN_POOL = 1000;

/** What autocannon measured for one kind of callback traffic, and how the registry answered it. */
export interface ListenerThroughputResult {
  scenario: ListenerScenario;
  requests: number;
  seconds: number;
  /** Completed requests divided by the run's duration. */
  perSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  /** HTTP statuses autocannon saw, e.g. `{ "404": 51234 }`. */
  statuses: Record<string, number>;
  /** The registry's delivery results, counted in the listener process. */
  deliveries: Record<string, number>;
}

/**
 * Benchmark 4a: autocannon (programmatic API) against the callback endpoint of a
 * CallbackListener running in a child process. Scenarios: `accepted` (a fixed number of
 * registered tokens, each called back once with its own valid success callback: express, JSON
 * parsing, parseCallbackBody, settle), `duplicate` (valid callbacks to one settled but not
 * disposed token, for a fixed time) and `forged` (valid bodies to unknown random tokens, for a
 * fixed time).
 *
 * @example
 * ```ts
 * const result = await measureListenerThroughput("forged", { seconds: 5, accepted: 20000, connections: 10 });
 * ```
 */
export async function measureListenerThroughput(
  scenario: ListenerScenario,
  options: { seconds: number; accepted: number; connections: number },
): Promise<ListenerThroughputResult> {
  const child = fork(path.join(__dirname, "listener-host.js"), [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = once(child, "exit");
  try {
    // setupRequest runs up to once per connection beyond the requests sent: spare tokens.
    const tokenCount = scenario === "accepted" ? options.accepted + 2 * options.connections : 1;
    const prepare: PrepareMessage = { type: "prepare", scenario, tokens: tokenCount };
    child.send(prepare);
    const ready = await nextMessage<ReadyMessage>(child);
    const nextCallback = callbackSource(scenario, ready.tokens);
    const result = await autocannon({
      url: `http://127.0.0.1:${ready.port}`,
      connections: options.connections,
      ...(scenario === "accepted" ? { amount: options.accepted } : { duration: options.seconds }),
      method: "POST",
      headers: { "content-type": "application/json" },
      requests: [{ setupRequest: (request) => ({ ...request, ...nextCallback() }) }],
    });
    child.send({ type: "report" });
    const report = await nextMessage<ReportMessage>(child);
    await exited;
    return {
      scenario,
      requests: result.requests.total,
      seconds: result.duration,
      perSecond: result.requests.total / result.duration,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      errors: result.errors,
      statuses: Object.fromEntries(
        Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]),
      ),
      deliveries: report.results,
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

/** The path and body of each next request of a scenario. */
function callbackSource(
  scenario: ListenerScenario,
  tokens: string[],
): () => { path: string; body: string } {
  const callbackPath = (token: string) => `/jod/callback/${token}`;
  if (scenario === "duplicate") {
    const fixed = {
      path: callbackPath(tokens[0]),
      body: JSON.stringify(successCallbackBody(deploymentIdFor(0))),
    };
    return () => fixed;
  }
  const pool =
    scenario === "forged"
      ? Array.from({ length: FORGED_TOKEN_POOL }, () => randomBytes(32).toString("base64url"))
      : tokens;
  let next = 0;
  return () => {
    const index = next++ % pool.length;
    return {
      path: callbackPath(pool[index]),
      body: JSON.stringify(successCallbackBody(deploymentIdFor(index))),
    };
  };
}
