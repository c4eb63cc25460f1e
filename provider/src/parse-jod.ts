import { BlockList, isIP } from "node:net";
import type { DeployedRecorder } from "./deployment-state";
import { JodRequestError, type RequestCode } from "./errors";

// Everything JOD sends (its answer to /deploy-recorder and its callback) is read here, with one
// normalisation: strings trimmed, and JOD's messages bounded and stripped of control characters,
// since they end up in state, logs and errors.

/** JOD's messages are a sentence; anything longer is cut so that it cannot flood state or logs. */
export const MAX_JOD_MESSAGE_LENGTH = 500;
/** JOD's answers are a few hundred bytes; anything far bigger is not JOD talking. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** What replaces a secret (the API key, a callback token) wherever a server echoed it. */
const REDACTED = "[redacted]";

/**
 * The token segment after `/callback/` in any callback URL (direct listener and relay alike),
 * spelled with `/`, `%2F` (form- or URL-encoded) or `\/` (escaped in JSON). A backstop for
 * URLs the redactor was not told about, such as a callback URL JOD quotes from another request.
 */
const CALLBACK_TOKEN_SEGMENT = /((?:\/|%2F|\\\/)callback(?:\/|%2F|\\\/))[^/\\?#&%"'<>\s]+/gi;

/**
 * Replaces the token of every callback URL (`.../callback/<token>`) in text. The token is the
 * only credential a callback carries, and JOD's messages end up in unencrypted outputs.
 */
export function redactCallbackTokens(text: string): string {
  return text.replace(CALLBACK_TOKEN_SEGMENT, `$1${REDACTED}`);
}

/**
 * The token segment of a callback URL this client sent: its last path segment. A short one is
 * a path name such as `jod-callback`, not a token (ours are 43 or 64 characters), and replacing
 * it everywhere would garble messages, so it is left out.
 */
export function callbackUrlToken(callbackUrl: string): string | undefined {
  if (!URL.canParse(callbackUrl)) return undefined;
  // As it appears in the URL's text (percent-escapes kept): that is what a server echoes.
  const segment = new URL(callbackUrl).pathname.replace(/\/+$/, "").split("/").at(-1) ?? "";
  return segment.length >= 16 ? segment : undefined;
}

/**
 * Returns a function that replaces secrets in text, in the spellings a server could echo them:
 * as sent in the form body, URL-encoded, or escaped inside a JSON string. It also replaces the
 * token of any callback URL (see {@link redactCallbackTokens}).
 */
export function createRedactor(...secrets: string[]): (text: string) => string {
  const spellings = secrets
    .flatMap((secret) => [
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice("s=".length),
      JSON.stringify(secret).slice(1, -1),
    ])
    .filter((spelling, index, all) => spelling !== "" && all.indexOf(spelling) === index);
  // Longest first, so a shorter spelling cannot break up a longer one before it is replaced.
  spellings.sort((a, b) => b.length - a.length);
  return (text) =>
    redactCallbackTokens(
      spellings.reduce((result, spelling) => result.split(spelling).join(REDACTED), text),
    );
}

/** A body for an error message: redacted, HTML tags stripped, tidied, at most 120 characters. */
export function safeSnippet(body: string, redact: (text: string) => string): string {
  const redacted = redact(body);
  const text = redacted.trimStart().startsWith("<") ? redacted.replace(/<[^>]*>/g, " ") : redacted;
  return tidy(text, redact, 120);
}

/**
 * A message JOD sent: redacted (by default only callback tokens), whitespace and control
 * characters collapsed, at most 500 characters.
 */
export function safeMessage(message: string, redact = redactCallbackTokens): string {
  return tidy(redact(message), redact, MAX_JOD_MESSAGE_LENGTH);
}

function tidy(text: string, redact: (text: string) => string, maxLength: number): string {
  // Redact again: collapsing whitespace or stripping tags could have re-formed the secret.
  const collapsed = redact(text.replace(/[\s\p{Cc}]+/gu, " ").trim());
  return collapsed.length > maxLength ? `${collapsed.slice(0, maxLength - 1)}…` : collapsed;
}

/**
 * What a deployment or recorder id from JOD may be: 1 to 128 printable ASCII characters, no
 * space. JOD's ids are UUID-like (about 30 characters); 128 leaves room for any id format it
 * may move to (a prefixed ULID, a 64-character hash) while bounding what lands in state, logs,
 * resource ids and the callback body (see the callback listener's body limit). Control
 * characters could forge log lines or terminal escapes, other characters could look like a
 * different id, and a space would make the id two words in a message.
 */
export const JOD_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** JOD documents ids as strings; a number is taken too since some JSON encoders send one. */
function readId(value: unknown): string | undefined {
  const text =
    typeof value === "string" ? value.trim() : Number.isFinite(value) ? String(value) : "";
  return JOD_ID_PATTERN.test(text) ? text : undefined;
}

/**
 * JOD's `it` field, read the same way in its answers and its callbacks: trimmed, any case.
 * Undefined for anything but "worked" or "failed".
 */
export function readOutcomeWord(value: unknown): "worked" | "failed" | undefined {
  const word = typeof value === "string" ? value.trim().toLowerCase() : undefined;
  return word === "worked" || word === "failed" ? word : undefined;
}

function readMessage(value: unknown, redact?: (text: string) => string): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? safeMessage(value, redact) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---- The answer to POST /deploy-recorder ----

/** An HTTP answer from JOD, its body already read (and possibly cut at the size limit). */
export interface JodAnswer {
  status: number;
  /** The `Location` header, for redirects. */
  location: string | null;
  /** The `Retry-After` header, which marks a 503 as a refusal to take the request now. */
  retryAfter: string | null;
  text: string;
  truncated: boolean;
}

/** A deployment JOD accepted, as read from its answer. */
export interface AcceptedDeployment {
  deploymentId: string;
  balance?: number;
  message: string;
}

/**
 * Whether a 503 is JOD's own planned-outage answer, which means the request was refused and
 * nothing was deployed: JOD's JSON (`it` "failed" and a `message`, as the contract documents
 * for 503) or a `Retry-After` header. Any other 503 (an HTML page from a proxy, say) may come
 * from something that had already passed the request on to JOD, so it may have deployed.
 */
export function isJodOutage(answer: JodAnswer): boolean {
  if (answer.status !== 503) return false;
  if (answer.retryAfter !== null) return true;
  const parsed = parseJsonObject(answer);
  return (
    parsed.ok &&
    readOutcomeWord(parsed.value.it) === "failed" &&
    typeof parsed.value.message === "string"
  );
}

/** The statuses JOD documents for a refusal, whatever the body says (a 503 once it is JOD's). */
const REFUSALS: Partial<Record<number, RequestCode>> = {
  401: "UNAUTHORIZED",
  402: "INSUFFICIENT_BALANCE",
  406: "INCOMPLETE_CONFIGURATION",
  500: "SERVER_ERROR",
  503: "SERVICE_UNAVAILABLE",
};

/**
 * Turns JOD's answer into the accepted deployment, or throws the `JodError` it stands for.
 * The body only has to be JSON where the outcome depends on it (2xx).
 */
export function parseDeployAnswer(
  answer: JodAnswer,
  context: {
    domain: string;
    attempts: number;
    redact: (text: string) => string;
    warn: (message: string) => void;
  },
): AcceptedDeployment {
  const { status } = answer;
  const { domain, attempts, redact } = context;
  const parsed = parseJsonObject(answer);
  const jodMessage = parsed.ok ? readMessage(parsed.value.message, redact) : undefined;
  const snippet = safeSnippet(answer.text, redact);
  const body = snippet === "" ? "the body is empty" : `the body starts with "${snippet}"`;
  const invalid = (problem: string) =>
    new JodRequestError("INVALID_RESPONSE", { status, problem: `${problem}; ${body}` });

  if (status === 503 && !isJodOutage(answer)) {
    throw invalid(
      'it is not the planned-outage answer JOD documents (JSON with "it" and "message") and ' +
        "has no Retry-After header, so it most likely comes from a proxy, which may already " +
        "have passed the request on to JOD; this client did not retry it",
    );
  }
  // The status decides next: JOD documents these refusals whatever the body says.
  const refusal = REFUSALS[status];
  if (refusal) throw new JodRequestError(refusal, { status, jodMessage, domain, attempts });
  if (status >= 300 && status < 400) {
    const target = answer.location ? ` to ${safeSnippet(answer.location, redact)}` : "";
    throw invalid(
      `it is a redirect${target}, which this client does not follow because it would resend ` +
        "the API key elsewhere; set the endpoint to the final URL",
    );
  }
  if (status < 200 || status >= 300) {
    throw invalid(
      `JOD documents no such status for /deploy-recorder; check that the endpoint points at the ` +
        "JOD API",
    );
  }
  if (!parsed.ok) throw invalid(parsed.problem);

  const { it, deployment_id: rawId, balance } = parsed.value;
  const outcome = readOutcomeWord(it);
  if (outcome === "failed") {
    throw new JodRequestError("DEPLOYMENT_REJECTED", { status, jodMessage });
  }
  if (outcome !== "worked") throw invalid('the "it" field is neither "worked" nor "failed"');
  const deploymentId = readId(rawId);
  if (deploymentId === undefined) {
    throw invalid(
      'it says "worked" but has no usable deployment_id (1 to 128 printable ASCII characters)',
    );
  }
  const accepted: AcceptedDeployment = { deploymentId, message: jodMessage ?? "" };
  const parsedBalance = readBalance(balance);
  if (parsedBalance !== undefined) accepted.balance = parsedBalance;
  else if (balance != null) context.warn("JOD sent a balance that is not a number; ignoring it.");
  return accepted;
}

type ParsedBody = { ok: true; value: Record<string, unknown> } | { ok: false; problem: string };

function parseJsonObject(answer: JodAnswer): ParsedBody {
  let value: unknown;
  try {
    // Some servers prefix JSON with a byte order mark, which JSON.parse refuses.
    value = JSON.parse(answer.text.replace(/^\uFEFF/, ""));
  } catch {
    // The SyntaxError is not kept as the cause: V8 quotes part of the body in its message,
    // which could be part of an echoed API key that redaction cannot recognise.
    return {
      ok: false,
      problem: answer.truncated
        ? `the body is larger than ${MAX_RESPONSE_BYTES / 1024} kB, far more than any JOD answer`
        : answer.text.trim() === ""
          ? "the body is empty, not JSON"
          : "the body is not valid JSON (such as an HTML page from a proxy, or JSON cut off part-way)",
    };
  }
  if (!isRecord(value)) return { ok: false, problem: "the body is JSON but not an object" };
  return { ok: true, value };
}

/** JOD documents a number such as 13.60; a numeric string is accepted as well. */
function readBalance(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

// ---- The callback ----

/** What JOD's callback said about a deployment. */
export type CallbackOutcome =
  | { kind: "success"; deploymentId: string; recorders: DeployedRecorder[]; message: string }
  | { kind: "failure"; message: string };

/**
 * Reads a callback body as JOD documents it, or says why it is not one. Recorder IPs must be
 * plain unicast addresses a firewall rule can name: they end up in firewall rules, so a value
 * such as `0.0.0.0/0`, a hostname, or a loopback, link-local, multicast or unspecified address
 * is refused rather than passed on (see {@link recorderIpProblem}).
 */
export function parseCallbackBody(
  body: unknown,
): { outcome: CallbackOutcome; problem?: undefined } | { outcome?: undefined; problem: string } {
  if (!isRecord(body)) return { problem: "body is not a JSON object" };
  const message = readMessage(body.message) ?? "";
  const it = readOutcomeWord(body.it);
  if (it === "failed") {
    return { outcome: { kind: "failure", message: message || "JOD reported a failed deployment" } };
  }
  if (it !== "worked") return { problem: 'field "it" must be "worked" or "failed"' };

  const info = body.deployment_info;
  if (!isRecord(info)) return { problem: "deployment_info is missing" };
  const deploymentId = readId(info.deployment_id);
  if (!deploymentId) {
    return {
      problem:
        "deployment_info.deployment_id is missing or not 1 to 128 printable ASCII characters",
    };
  }
  if (!Array.isArray(info.recorders)) return { problem: "deployment_info.recorders is not a list" };

  const recorders: DeployedRecorder[] = [];
  for (const recorder of info.recorders) {
    const id = isRecord(recorder) ? readId(recorder.recorder_id) : undefined;
    // Not trimmed: an address that needs fixing up is not one to put in a firewall rule.
    const ip = isRecord(recorder) ? recorder.recorder_ip : undefined;
    // A zone (`fe80::1%eth0`) names an interface of JOD's host: no address for a rule here.
    if (!id || typeof ip !== "string" || isIP(ip) === 0 || ip.includes("%")) {
      return {
        problem:
          "every recorder needs a recorder_id (1 to 128 printable ASCII characters) and an IP " +
          "address in recorder_ip",
      };
    }
    const problem = recorderIpProblem(ip);
    if (problem) return { problem };
    recorders.push({ id, ip });
  }
  return { outcome: { kind: "success", deploymentId, recorders, message } };
}

/**
 * Address ranges no recorder can have and no firewall should open, by what they are. Private
 * ranges (10/8, 172.16/12, 192.168/16, fc00::/7) are not here: a JOD deployment inside a VPC
 * is plausible. IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) match the IPv4 ranges.
 */
const UNFIREWALLABLE_RANGES: ReadonlyArray<[string, number, "ipv4" | "ipv6", string]> = [
  ["0.0.0.0", 8, "ipv4", "an unspecified address"],
  ["127.0.0.0", 8, "ipv4", "a loopback address"],
  ["169.254.0.0", 16, "ipv4", "a link-local address"],
  ["224.0.0.0", 4, "ipv4", "a multicast address"],
  ["240.0.0.0", 4, "ipv4", "a reserved or broadcast address"],
  ["::", 128, "ipv6", "an unspecified address"],
  ["::1", 128, "ipv6", "a loopback address"],
  ["fe80::", 10, "ipv6", "a link-local address"],
  ["ff00::", 8, "ipv6", "a multicast address"],
];

const UNFIREWALLABLE = UNFIREWALLABLE_RANGES.map(([network, prefix, family, what]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, what };
});

/**
 * Why a recorder address (already a plain IP) cannot go into a firewall rule, naming it; it is
 * safe to quote, since it is a valid IP address of at most 45 characters.
 */
function recorderIpProblem(ip: string): string | undefined {
  const family = isIP(ip) === 4 ? "ipv4" : "ipv6";
  const range = UNFIREWALLABLE.find(({ list }) => list.check(ip, family));
  if (!range) return undefined;
  return (
    `recorder_ip ${ip} is ${range.what}, which no firewall rule should open: recorder ` +
    "addresses must be unicast and routable (private ranges are allowed)"
  );
}
