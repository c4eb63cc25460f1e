import nodeFetch from "node-fetch";
import { createJodClient } from "../../provider/src/client/jod-client";
import type {
  ClientIo,
  DeployRecordersRequest,
  JodClientOptions,
} from "../../provider/src/client/jod-client";
import { TEST_API_KEY } from "./scripted-key-scan";

/** A request that passes validation; override fields to break it. */
export function validRequest(
  overrides: Partial<DeployRecordersRequest> = {},
): DeployRecordersRequest {
  return {
    apiKey: TEST_API_KEY,
    domain: "meet.example.com",
    recorders: 2,
    duration: 3,
    location: "lon",
    callbackUrl: "https://example.com/jod-callback",
    ...overrides,
  };
}

/** JOD's documented success answer. */
export const WORKED = {
  it: "worked",
  message: "your deployment will join your jitsi soon",
  balance: 13.6,
  deployment_id: "wedsas-ewfzasfe-zdcxcv-sefe",
};

/** The real fetch and jitter, and waits between retries that take no time. */
export function testIo(overrides: Partial<ClientIo> = {}): ClientIo {
  return { fetch: nodeFetch, random: Math.random, sleep: async () => undefined, ...overrides };
}

/** A client and what it logged and slept, with retries that take no time. */
export function fastClient(endpoint: string, options: JodClientOptions = {}) {
  const sleeps: number[] = [];
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
  };
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  const client = createJodClient(
    { endpoint, timeoutMs: 2_000, retries: 3, warn, ...options },
    testIo({ sleep }),
  );
  return { client, sleeps, warnings };
}
