import { isRetryable, type AttemptOutcome } from "../../provider/src/client/jod-client";

// What is retried decides what can be bought twice: only what cannot have deployed anything.
const answered = (
  status: number,
  body: unknown,
  headers: { retryAfter?: string } = {},
): AttemptOutcome => ({
  kind: "answered",
  answer: {
    status,
    location: null,
    retryAfter: headers.retryAfter ?? null,
    text: typeof body === "string" ? body : JSON.stringify(body),
    truncated: false,
  },
});
const notConnected = (reason: string): AttemptOutcome => ({ kind: "not-connected", reason });
const OUTAGE = { it: "failed", message: "planned maintenance" };
const PROXY_PAGE = "<html><h1>503 Service Temporarily Unavailable</h1></html>";

describe("isRetryable", () => {
  it.each<[string, AttemptOutcome, boolean]>([
    ["JOD's planned-outage 503 (it and message)", answered(503, OUTAGE), true],
    ["JOD's 503 with it in another case", answered(503, { ...OUTAGE, it: " Failed " }), true],
    ["JOD's 503 with a byte order mark", answered(503, `\uFEFF${JSON.stringify(OUTAGE)}`), true],
    [
      "a 503 with Retry-After and an HTML page",
      answered(503, PROXY_PAGE, { retryAfter: "30" }),
      true,
    ],
    ["a 503 with Retry-After and no body", answered(503, "", { retryAfter: "30" }), true],
    ["a proxy's HTML 503", answered(503, PROXY_PAGE), false],
    ["an empty 503", answered(503, ""), false],
    ["a 503 with JSON that is not JOD's", answered(503, { error: "unavailable" }), false],
    ["a 503 with it but no message", answered(503, { it: "failed" }), false],
    ["a 503 that says it worked", answered(503, { it: "worked", message: "ok" }), false],
    ["a 503 with a message that is not text", answered(503, { it: "failed", message: 1 }), false],
    ["a 500 from JOD (it may have lost the request)", answered(500, OUTAGE), false],
    ["a 502 with Retry-After", answered(502, PROXY_PAGE, { retryAfter: "30" }), false],
    ["a 429 with Retry-After", answered(429, OUTAGE, { retryAfter: "30" }), false],
    ["a 200 that worked", answered(200, { it: "worked", deployment_id: "d" }), false],
    ["a 401", answered(401, { it: "failed", message: "invalid API Key" }), false],
    ["connection refused", notConnected("ECONNREFUSED"), true],
    ["host not found", notConnected("ENOTFOUND"), true],
    ["DNS not answering", notConnected("EAI_AGAIN"), true],
    ["host unreachable", notConnected("EHOSTUNREACH"), true],
    ["network unreachable", notConnected("ENETUNREACH"), true],
    ["an expired certificate (retrying cannot fix it)", notConnected("CERT_HAS_EXPIRED"), false],
    ["a certificate for another name", notConnected("ERR_TLS_CERT_ALTNAME_INVALID"), false],
  ])("%s: %p", (_name, outcome, expected) => {
    expect(isRetryable(outcome)).toBe(expected);
  });
});
