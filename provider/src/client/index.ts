export { createJodClient } from "./create-jod-client";
export type {
  DeployRecordersRequest,
  DeployRecordersResult,
  JodClient,
  JodClientOptions,
  JodLogger,
  BackoffOptions,
} from "./types";
export { CLIENT_DEFAULTS } from "./defaults";
export { backoffDelayMs, abortableSleep } from "./backoff";
export { createRedactor, safeSnippet, safeMessage, REDACTED } from "./redact";
