import { createJodClient } from "../../provider/src/client/jod-client";
import type {
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

/** A client and what it logged and slept, with retries that take no time. */
export function fastClient(endpoint: string, options: JodClientOptions = {}) {
  const sleeps: number[] = [];
  const warnings: string[] = [];
  const debugs: string[] = [];
  const client = createJodClient({
    endpoint,
    timeoutMs: 2_000,
    retries: 3,
    logger: { debug: (message) => debugs.push(message), warn: (message) => warnings.push(message) },
    ...options,
    backoff: {
      baseMs: 10,
      maxMs: 40,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...options.backoff,
    },
  });
  return { client, sleeps, warnings, debugs };
}
