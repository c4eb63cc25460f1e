import { Readable } from "node:stream";
import { FetchError, Response } from "node-fetch";
import type nodeFetch from "node-fetch";

/** A call the fake fetch received. */
export interface FakeFetchCall {
  url: string;
  body: string;
}

/**
 * A fetch that never touches the network: each call runs the next step (the last repeats),
 * which answers with a status and JSON body or throws a node-fetch system error with a code.
 */
export function fakeFetch(steps: Array<{ status: number; body: unknown } | { errorCode: string }>) {
  const calls: FakeFetchCall[] = [];
  const fetch = (async (url: unknown, init?: { body?: unknown }) => {
    calls.push({ url: String(url), body: String(init?.body) });
    const step = steps[Math.min(calls.length - 1, steps.length - 1)];
    if ("errorCode" in step) {
      const systemError = Object.assign(new Error(step.errorCode), { code: step.errorCode });
      throw new FetchError(
        `request to ${String(url)} failed, reason: ${step.errorCode}`,
        "system",
        systemError,
      );
    }
    // A stream body, as real responses have.
    return new Response(Readable.from([Buffer.from(JSON.stringify(step.body))]), {
      status: step.status,
    });
  }) as unknown as typeof nodeFetch;
  return { fetch, calls };
}
