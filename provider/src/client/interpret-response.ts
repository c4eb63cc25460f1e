import {
  JodDeploymentRejectedError,
  JodIncompleteConfigurationError,
  JodInsufficientBalanceError,
  JodInvalidResponseError,
  JodServerError,
  JodServiceUnavailableError,
  JodUnauthorizedError,
} from "../errors";
import { CLIENT_DEFAULTS } from "./defaults";
import { safeMessage, safeSnippet } from "./redact";

/**
 * An HTTP answer from JOD, with its body already read (and possibly cut at the size limit).
 *
 * @example
 * ```ts
 * const answer: JodAnswer = { status: 200, location: null, text: "{}", truncated: false };
 * ```
 */
export interface JodAnswer {
  status: number;
  /** The `Location` header, for redirects. */
  location: string | null;
  text: string;
  truncated: boolean;
}

/**
 * What the rest of the request looked like, for errors and warnings.
 *
 * @example
 * ```ts
 * const context: AnswerContext = { domain: "meet.example.com", attempts: 1, redact: (t) => t, warn: () => {} };
 * ```
 */
export interface AnswerContext {
  domain: string;
  attempts: number;
  redact: (text: string) => string;
  warn: (message: string) => void;
}

/**
 * A deployment JOD accepted, as read from its answer.
 *
 * @example
 * ```ts
 * const accepted: AcceptedDeployment = { deploymentId: "wedsas-ewfzasfe", balance: 13.6, message: "" };
 * ```
 */
export interface AcceptedDeployment {
  deploymentId: string;
  balance?: number;
  message: string;
}

/**
 * Turns JOD's answer into the accepted deployment, or throws the `JodError` it stands for.
 * The status decides first: a 503 page from a load balancer is still an outage even if its body
 * is HTML. The body only has to be JSON where the outcome depends on it (2xx).
 *
 * @example
 * ```ts
 * const accepted = interpretAnswer(answer, context); // throws JodUnauthorizedError on 401, ...
 * ```
 */
export function interpretAnswer(answer: JodAnswer, context: AnswerContext): AcceptedDeployment {
  const parsed = parseJsonObject(answer);
  const jodMessage =
    parsed.ok && typeof parsed.value.message === "string" && parsed.value.message.trim() !== ""
      ? safeMessage(parsed.value.message, context.redact)
      : undefined;
  const invalid = (problem: string): JodInvalidResponseError =>
    new JodInvalidResponseError({
      status: answer.status,
      problem,
      snippet: safeSnippet(answer.text, context.redact),
    });

  switch (answer.status) {
    case 401:
      throw new JodUnauthorizedError({ jodMessage });
    case 402:
      throw new JodInsufficientBalanceError({ jodMessage });
    case 406:
      throw new JodIncompleteConfigurationError({ domain: context.domain, jodMessage });
    case 500:
      throw new JodServerError({ jodMessage });
    case 503:
      throw new JodServiceUnavailableError({ attempts: context.attempts, jodMessage });
  }
  if (answer.status >= 300 && answer.status < 400) {
    const target = answer.location ? ` to ${safeSnippet(answer.location, context.redact)}` : "";
    throw invalid(
      `it is a redirect${target}, which this client does not follow because it would resend ` +
        "the API key elsewhere; set the endpoint to the final URL",
    );
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw invalid(
      `JOD documents no such status for /deploy-recorder; check that the endpoint points at the ` +
        "JOD API",
    );
  }
  if (!parsed.ok) throw invalid(parsed.problem);

  const { it, deployment_id: rawId, balance } = parsed.value;
  const outcome = typeof it === "string" ? it.trim().toLowerCase() : undefined;
  if (outcome === "failed") {
    throw new JodDeploymentRejectedError({ status: answer.status, jodMessage });
  }
  if (outcome !== "worked") throw invalid('the "it" field is neither "worked" nor "failed"');
  const deploymentId = readDeploymentId(rawId);
  if (deploymentId === undefined) {
    throw invalid('it says "worked" but has no usable deployment_id (a non-empty string)');
  }
  const accepted: AcceptedDeployment = { deploymentId, message: jodMessage ?? "" };
  const parsedBalance = readBalance(balance);
  if (parsedBalance !== undefined) {
    accepted.balance = parsedBalance;
  } else if (balance !== undefined && balance !== null) {
    context.warn("JOD sent a balance that is not a number; ignoring it.");
  }
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
        ? `the body is larger than ${CLIENT_DEFAULTS.maxResponseBytes / 1024} kB, far more than any JOD answer`
        : answer.text.trim() === ""
          ? "the body is empty, not JSON"
          : "the body is not valid JSON (such as an HTML page from a proxy, or JSON cut off part-way)",
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, problem: "the body is JSON but not an object" };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** JOD documents a string; a number is accepted since some JSON encoders would send one. */
function readDeploymentId(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  return undefined;
}

/** JOD documents a number such as 13.60; a numeric string is accepted as well. */
function readBalance(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}
