/**
 * The stable codes of the errors pulumi-jod throws, for programs that branch on the failure.
 *
 * @example
 * ```ts
 * if (error instanceof JodError && error.code === "INSUFFICIENT_BALANCE") notifyBilling();
 * ```
 */
export type JodErrorCode =
  | "UNAUTHORIZED"
  | "INSUFFICIENT_BALANCE"
  | "INCOMPLETE_CONFIGURATION"
  | "SERVER_ERROR"
  | "SERVICE_UNAVAILABLE"
  | "DEPLOYMENT_REJECTED"
  | "INVALID_RESPONSE"
  | "TIMEOUT"
  | "CONNECTION_FAILED"
  | "CONNECTION_LOST"
  | "ABORTED"
  | "INTERRUPTED"
  | "INVALID_INPUT"
  | "NOT_CONFIGURED"
  | "LISTENER_FAILED"
  | "CALLBACK_TIMEOUT"
  | "DEPLOYMENT_FAILED"
  | "SPEND_LIMIT";

/** What every {@link JodError} carries besides its message. */
export interface JodErrorOptions {
  /** The stable code of the failure. */
  code: JodErrorCode;
  /** The HTTP status JOD answered with, when it answered. */
  status?: number;
  /** Whether JOD may have accepted (and charged) a deployment despite the error. */
  mayHaveDeployed: boolean;
  /** What JOD said, already bounded, stripped of control characters and of the API key. */
  jodMessage?: string;
  /** The lower-level error behind this one, if any. */
  cause?: unknown;
}

/**
 * Appended to an error that may hide a deployment until the provider knows what the stack keeps
 * (then {@link keepInStack} replaces it with what the next `pulumi up` will do).
 */
export const MAY_HAVE_DEPLOYED_ADVICE =
  "The deployment may exist anyway (and be paid for): the deployments list in the JOD " +
  "dashboard shows whether it does.";

/** What a partial create leaves in the stack, and what the next `pulumi up`/`refresh` does with it. */
export const KEPT_ADVICE = {
  "awaiting-callback":
    'JOD accepted it, so it is paid for: the stack keeps it with status "awaiting-callback" ' +
    "(its recorder ids and IPs are unknown).",
  unconfirmed:
    "JOD's answer was lost, so the deployment may exist (and be paid for) or not: the stack " +
    'keeps an entry with status "unconfirmed"; check the deployments list in the JOD dashboard.',
  next:
    "The next `pulumi up` keeps this entry and does not deploy again, and `pulumi refresh` keeps " +
    "it until it expires. To deploy new recorders on purpose, run `pulumi up --replace <urn>`.",
} as const;

/** The message of each error without its closing advice, so that a partial create can swap it. */
const summaries = new WeakMap<JodError, string>();

/**
 * The base class of every error pulumi-jod throws about JOD, for `instanceof`. It never holds
 * the API key, the request body or the request headers.
 *
 * @example
 * ```ts
 * try {
 *   await pulumi.automation.LocalWorkspace.selectStack(args).then((stack) => stack.up());
 * } catch (error) {
 *   if (error instanceof JodError && error.mayHaveDeployed) console.warn(error.message);
 * }
 * ```
 */
export class JodError extends Error {
  /** The stable code of the failure. */
  readonly code: JodErrorCode;
  /** The HTTP status JOD answered with, when it answered. */
  readonly status?: number;
  /** True when JOD may have accepted and charged a deployment despite the error. */
  readonly mayHaveDeployed: boolean;
  /** What JOD said, bounded to 500 characters, without control characters or the API key. */
  readonly jodMessage?: string;

  constructor(message: string, options: JodErrorOptions) {
    const summary = options.jodMessage ? `${message} JOD said: "${options.jodMessage}".` : message;
    super(
      options.mayHaveDeployed ? `${summary} ${MAY_HAVE_DEPLOYED_ADVICE}` : summary,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    summaries.set(this, summary);
    this.name = new.target.name;
    this.code = options.code;
    this.status = options.status;
    this.mayHaveDeployed = options.mayHaveDeployed;
    this.jodMessage = options.jodMessage;
  }
}

/**
 * Makes a create error a partial create: the engine then keeps the resource in state with these
 * properties, so a deployment that may be paid for is never forgotten. The message then says
 * what the stack keeps and what the next `pulumi up` does, instead of the generic advice.
 */
export function keepInStack<Outputs extends { deploymentId: string; message?: string }>(
  error: JodError,
  status: "awaiting-callback" | "unconfirmed",
  outs: Outputs,
): JodError & { id: string; properties: Outputs; reasons: string[] } {
  error.message = `${summaries.get(error) ?? error.message} ${KEPT_ADVICE[status]} ${KEPT_ADVICE.next}`;
  const properties = status === "unconfirmed" ? { ...outs, message: error.message } : outs;
  return Object.assign(error, {
    id: outs.deploymentId,
    properties: { ...properties, status },
    reasons: [error.message],
  });
}

// ---- Nothing was deployed ----

/** JOD answered HTTP 401: the API key is missing or wrong. */
export class JodUnauthorizedError extends JodError {
  constructor(options: { jodMessage?: string } = {}) {
    super(
      "JOD refused the API key (HTTP 401: missing or wrong API key), so nothing was deployed. " +
        "Generate a new key in the JOD dashboard and set it with " +
        "`pulumi config set --secret jod:apiKey <key>`.",
      { code: "UNAUTHORIZED", status: 401, mayHaveDeployed: false, jodMessage: options.jodMessage },
    );
  }
}

/** JOD answered HTTP 402: the account balance does not cover the deployment. */
export class JodInsufficientBalanceError extends JodError {
  constructor(options: { jodMessage?: string } = {}) {
    super(
      "JOD refused to deploy because the account balance is too low (HTTP 402), so nothing was " +
        "deployed. Top up the balance in the JOD dashboard, then deploy again.",
      { code: "INSUFFICIENT_BALANCE", status: 402, mayHaveDeployed: false, ...options },
    );
  }
}

/** JOD answered HTTP 406: the Jitsi domain's configuration in JOD is not complete. */
export class JodIncompleteConfigurationError extends JodError {
  /** The Jitsi domain whose configuration JOD considers incomplete. */
  readonly domain: string;

  constructor(options: { domain: string; jodMessage?: string }) {
    super(
      `JOD refused to deploy because the configuration of the domain "${options.domain}" is not ` +
        "complete (HTTP 406), so nothing was deployed. Complete the domain's configuration in " +
        "the JOD dashboard, then deploy again.",
      {
        code: "INCOMPLETE_CONFIGURATION",
        status: 406,
        mayHaveDeployed: false,
        jodMessage: options.jodMessage,
      },
    );
    this.domain = options.domain;
  }
}

/** JOD kept answering HTTP 503 (a planned outage) until the retries ran out. */
export class JodServiceUnavailableError extends JodError {
  /** How many HTTP requests were made, all answered with 503. */
  readonly attempts: number;

  constructor(options: { attempts: number; jodMessage?: string }) {
    super(
      `JOD is unavailable (HTTP 503, usually a planned outage) and still was after ` +
        `${attemptsText(options.attempts)}, so nothing was deployed. Try again later.`,
      {
        code: "SERVICE_UNAVAILABLE",
        status: 503,
        mayHaveDeployed: false,
        jodMessage: options.jodMessage,
      },
    );
    this.attempts = options.attempts;
  }
}

/** JOD answered HTTP 200 with `it: "failed"`: it looked at the request and declined it. */
export class JodDeploymentRejectedError extends JodError {
  constructor(options: { jodMessage?: string; status?: number } = {}) {
    super(
      'JOD declined the deployment (it answered "failed"), so nothing was deployed. Fix what ' +
        "JOD's message points at, then deploy again.",
      {
        code: "DEPLOYMENT_REJECTED",
        status: options.status ?? 200,
        mayHaveDeployed: false,
        jodMessage: options.jodMessage || "(no message)",
      },
    );
  }
}

/** JOD's callback reported that a deployment it had accepted failed. */
export class JodDeploymentFailedError extends JodError {
  constructor(options: { deploymentId: string; location: string; jodMessage: string }) {
    super(
      `JOD could not complete deployment ${options.deploymentId} in ${options.location}. ` +
        "Try another location or fewer recorders, or ask JOD support whether the balance was refunded.",
      { code: "DEPLOYMENT_FAILED", mayHaveDeployed: false, jodMessage: options.jodMessage },
    );
  }
}

/** No connection to JOD could be made (refused, DNS, unreachable, TLS), even after retries. */
export class JodConnectionError extends JodError {
  /** The host (and port, if any) of the endpoint that could not be reached. */
  readonly host: string;
  /** How many connection attempts were made. */
  readonly attempts: number;

  constructor(options: { host: string; reason: string; attempts: number; cause?: unknown }) {
    super(
      `Could not connect to JOD at ${options.host} (${options.reason}) after ` +
        `${attemptsText(options.attempts)}; nothing was sent, so nothing was deployed. Check the ` +
        "endpoint, DNS and network access to it, then try again.",
      { code: "CONNECTION_FAILED", mayHaveDeployed: false, cause: options.cause },
    );
    this.host = options.host;
    this.attempts = options.attempts;
  }
}

/** Some inputs are invalid, so nothing was sent to JOD. The message lists every failure. */
export class JodValidationError extends JodError {
  /** Every invalid property, in the order they were checked. */
  readonly failures: readonly ValidationFailure[];

  /** @param subject - what was validated, as in "Invalid <subject>: ...". */
  constructor(failures: readonly ValidationFailure[], subject = "deployment request") {
    const list = failures.map((failure) => `${failure.property} ${failure.reason}`).join("; ");
    super(`Invalid ${subject}: ${list}.`, { code: "INVALID_INPUT", mayHaveDeployed: false });
    this.failures = failures.map((failure) => ({ ...failure }));
  }
}

/** One invalid input: which property, and what it must be instead ("must be ..."). */
export interface ValidationFailure {
  property: string;
  reason: string;
}

/** The provider's stack config is missing or invalid, so no deployment was attempted. */
export class JodNotConfiguredError extends JodError {
  constructor(problems: string[]) {
    super(`pulumi-jod is not configured: ${problems.join("; ")}. Nothing was sent to JOD.`, {
      code: "NOT_CONFIGURED",
      mayHaveDeployed: false,
    });
  }
}

/** The callback listener could not start, most often because its port is taken. */
export class JodCallbackListenerError extends JodError {
  constructor(listen: { host: string; port: number }, cause: unknown) {
    const code = (cause as { code?: string } | undefined)?.code;
    const why =
      code === "EADDRINUSE"
        ? "is already in use by another process"
        : code === "EADDRNOTAVAIL"
          ? "is not an address of this machine"
          : code === "EACCES"
            ? "needs privileges this process does not have"
            : `could not be bound (${code ?? String(cause)})`;
    super(
      `The JOD callback listener could not listen on ${formatAddress(listen)}: that address ${why}. ` +
        "Choose another with `pulumi config set jod:callbackListen HOST:PORT` (or JOD_CALLBACK_LISTEN); " +
        "port 0 picks a free one. Nothing was sent to JOD.",
      { code: "LISTENER_FAILED", mayHaveDeployed: false, cause },
    );
  }
}

// ---- JOD may have deployed ----

/** JOD answered HTTP 500, which JOD documents can lose a request part-way. Never retried. */
export class JodServerError extends JodError {
  constructor(options: { jodMessage?: string } = {}) {
    super(
      "JOD reported an internal error (HTTP 500). JOD documents that a request can get lost " +
        "part-way when this happens, so this provider did not retry it.",
      { code: "SERVER_ERROR", status: 500, mayHaveDeployed: true, jodMessage: options.jodMessage },
    );
  }
}

/**
 * JOD (or a proxy in front of it) answered in a way the client cannot use. The deployment may
 * exist when the status was 2xx, or 5xx other than 503.
 */
export class JodInvalidResponseError extends JodError {
  /** The start of the body, tidied and scrubbed of the API key; undefined when unreadable. */
  readonly snippet?: string;

  constructor(options: { status: number; problem: string; snippet?: string; cause?: unknown }) {
    const { status, snippet } = options;
    const body =
      snippet === undefined
        ? ""
        : snippet === ""
          ? "; the body is empty"
          : `; the body starts with "${snippet}"`;
    super(
      `JOD answered HTTP ${status} with a response this client cannot use: ${options.problem}${body}.`,
      {
        code: "INVALID_RESPONSE",
        status,
        // A 2xx means JOD took the request; a 5xx other than a planned-outage 503 may have lost it.
        mayHaveDeployed: (status >= 200 && status < 300) || (status >= 500 && status !== 503),
        cause: options.cause,
      },
    );
    this.snippet = snippet;
  }
}

/** No answer came within the timeout after the request was sent. Never retried. */
export class JodTimeoutError extends JodError {
  /** The per-attempt timeout that ran out, in milliseconds. */
  readonly timeoutMs: number;

  constructor(options: { timeoutMs: number; host: string; cause?: unknown }) {
    super(
      `JOD at ${options.host} did not answer within ${options.timeoutMs} ms, and the request ` +
        "had already been sent (or was being sent), so this provider did not retry it.",
      { code: "TIMEOUT", mayHaveDeployed: true, cause: options.cause },
    );
    this.timeoutMs = options.timeoutMs;
  }
}

/** The connection broke after it was established, so the request may have reached JOD. */
export class JodConnectionLostError extends JodError {
  /** The host (and port, if any) of the endpoint. */
  readonly host: string;

  constructor(options: { host: string; reason: string; cause?: unknown }) {
    super(
      `The connection to JOD at ${options.host} broke before an answer arrived ` +
        `(${options.reason}); the request may have reached JOD, so this provider did not retry it.`,
      { code: "CONNECTION_LOST", mayHaveDeployed: true, cause: options.cause },
    );
    this.host = options.host;
  }
}

/** The caller's abort signal cancelled the request; JOD may have it if it was in flight. */
export class JodAbortedError extends JodError {
  constructor(options: { requestInFlight: boolean; cause?: unknown }) {
    super(
      options.requestInFlight
        ? "The deployment request was cancelled while JOD was handling it."
        : "The deployment request was cancelled before a request reached JOD; nothing was deployed.",
      { code: "ABORTED", mayHaveDeployed: options.requestInFlight, cause: options.cause },
    );
  }
}

/** JOD accepted a deployment (it is paid for) but its callback did not arrive in time. */
export class JodCallbackTimeoutError extends JodError {
  readonly deploymentId: string;

  constructor(options: { deploymentId: string; waitedSeconds: number }) {
    super(
      `JOD accepted deployment ${options.deploymentId} but did not call back within ` +
        `${options.waitedSeconds} s, so its recorder ids and IPs are unknown. If JOD cannot ` +
        "reach the callback URL, check `jod:callbackUrl`; raise `timeoutSeconds` if deployments " +
        "take longer.",
      { code: "CALLBACK_TIMEOUT", mayHaveDeployed: true },
    );
    this.deploymentId = options.deploymentId;
  }
}

/** The provider got SIGINT or SIGTERM while waiting for the callback of an accepted deployment. */
export class JodInterruptedError extends JodError {
  readonly deploymentId: string;

  constructor(options: { signal: string; deploymentId: string; cause?: unknown }) {
    super(
      `The provider received ${options.signal} while waiting for JOD's callback for ` +
        `deployment ${options.deploymentId}.`,
      { code: "INTERRUPTED", mayHaveDeployed: true, cause: options.cause },
    );
    this.deploymentId = options.deploymentId;
  }
}

function attemptsText(attempts: number): string {
  return attempts === 1 ? "1 attempt" : `${attempts} attempts`;
}

/** `host:port`, with brackets around an IPv6 host. */
export function formatAddress(listen: { host: string; port: number }): string {
  return listen.host.includes(":")
    ? `[${listen.host}]:${listen.port}`
    : `${listen.host}:${listen.port}`;
}
