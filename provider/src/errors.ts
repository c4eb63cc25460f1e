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
  | "INTERRUPTED"
  | "NOT_CONFIGURED"
  | "LISTENER_FAILED"
  | "CALLBACK_TIMEOUT"
  | "DEPLOYMENT_FAILED"
  | "RELAY_FAILED"
  | "SPEND_LIMIT";

/** What every {@link JodError} carries besides its message: its fields and, if any, its cause. */
export type JodErrorOptions = ErrorOptions &
  Pick<JodError, "code" | "status" | "mayHaveDeployed" | "jodMessage">;

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
 * the API key, a callback token, the request body or the request headers.
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
  /**
   * What JOD said, bounded to 500 characters, without control characters, the API key or
   * callback tokens.
   */
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

// ---- The request to /deploy-recorder failed ----

/** What the client knew when the request failed; each code's message uses some of it. */
interface RequestFailure {
  status?: number;
  jodMessage?: string;
  domain?: string;
  host?: string;
  /** Why the connection failed or broke (a system error code such as ECONNREFUSED). */
  reason?: string;
  attempts?: number;
  timeoutMs?: number;
  /** What is wrong with an answer this client cannot use, with what its body starts with. */
  problem?: string;
  cause?: unknown;
}

const NOTHING_DEPLOYED = "so nothing was deployed.";
const NOT_RETRIED = "so this provider did not retry it.";
const DEPLOY_AGAIN = "then deploy again.";
const attemptsText = (attempts = 1) => (attempts === 1 ? "1 attempt" : `${attempts} attempts`);

const MESSAGES = {
  UNAUTHORIZED: () =>
    `JOD refused the API key (HTTP 401: missing or wrong API key), ${NOTHING_DEPLOYED} ` +
    "Generate a new key in the JOD dashboard and set it with " +
    "`pulumi config set --secret jod:apiKey <key>`.",
  INSUFFICIENT_BALANCE: () =>
    `JOD refused to deploy because the account balance is too low (HTTP 402), ${NOTHING_DEPLOYED} ` +
    `Top up the balance in the JOD dashboard, ${DEPLOY_AGAIN}`,
  INCOMPLETE_CONFIGURATION: (f) =>
    `JOD refused to deploy because the configuration of the domain "${f.domain}" is not ` +
    `complete (HTTP 406), ${NOTHING_DEPLOYED} Complete the domain's configuration in the JOD ` +
    `dashboard, ${DEPLOY_AGAIN}`,
  SERVER_ERROR: () =>
    "JOD reported an internal error (HTTP 500). JOD documents that a request can get lost " +
    `part-way when this happens, ${NOT_RETRIED}`,
  SERVICE_UNAVAILABLE: (f) =>
    "JOD is unavailable (HTTP 503, usually a planned outage) and still was after " +
    `${attemptsText(f.attempts)}, ${NOTHING_DEPLOYED} Try again later.`,
  DEPLOYMENT_REJECTED: () =>
    `JOD declined the deployment (it answered "failed"), ${NOTHING_DEPLOYED} Fix what JOD's ` +
    `message points at, ${DEPLOY_AGAIN}`,
  INVALID_RESPONSE: (f) =>
    `JOD answered HTTP ${f.status} with a response this client cannot use: ${f.problem}.`,
  CONNECTION_FAILED: (f) =>
    `Could not connect to JOD at ${f.host} (${f.reason}) after ${attemptsText(f.attempts)}; ` +
    "nothing was sent, so nothing was deployed. Check the endpoint, DNS and network access to " +
    "it, then try again.",
  CONNECTION_LOST: (f) =>
    `The connection to JOD at ${f.host} broke before an answer arrived (${f.reason}); the ` +
    `request may have reached JOD, ${NOT_RETRIED}`,
  TIMEOUT: (f) =>
    `JOD at ${f.host} did not answer within ${f.timeoutMs} ms, and the request had already been ` +
    `sent (or was being sent), ${NOT_RETRIED}`,
} satisfies Partial<Record<JodErrorCode, (f: RequestFailure) => string>>;

/** The codes of a failed request to /deploy-recorder. */
export type RequestCode = keyof typeof MESSAGES;

/** Whether JOD may have accepted (and charged) the request despite this failure. */
function mayHaveDeployed(code: RequestCode, status = 0): boolean {
  // A 2xx means JOD took the request; any 5xx here may have lost it, a 503 included: JOD's own
  // planned-outage 503 is SERVICE_UNAVAILABLE, so this one came from a proxy or broke mid-body.
  if (code === "INVALID_RESPONSE") return (status >= 200 && status < 300) || status >= 500;
  return code === "SERVER_ERROR" || code === "CONNECTION_LOST" || code === "TIMEOUT";
}

/**
 * A deployment request that did not end in an accepted deployment: JOD refused it, answered in
 * a way the client cannot use, or gave no answer. Only failures that cannot have deployed
 * anything (JOD's own planned-outage 503, no connection) are ever retried.
 */
export class JodRequestError extends JodError {
  constructor(code: RequestCode, failure: RequestFailure = {}) {
    const jodMessage =
      code === "DEPLOYMENT_REJECTED" ? failure.jodMessage || "(no message)" : failure.jodMessage;
    super(MESSAGES[code](failure), {
      code,
      status: failure.status,
      mayHaveDeployed: mayHaveDeployed(code, failure.status),
      jodMessage,
      cause: failure.cause,
    });
  }
}

// ---- Nothing was sent: setup ----

/** The provider's stack config is missing or invalid, so no deployment was attempted. */
export class JodNotConfiguredError extends JodError {
  constructor(problems: string[]) {
    super(`pulumi-jod is not configured: ${problems.join("; ")}. Nothing was sent to JOD.`, {
      code: "NOT_CONFIGURED",
      mayHaveDeployed: false,
    });
  }
}

const BIND_FAILURES: Record<string, string> = {
  EADDRINUSE: "is already in use by another process",
  EADDRNOTAVAIL: "is not an address of this machine",
  EACCES: "needs privileges this process does not have",
};

/** The callback listener could not start, most often because its port is taken. */
export class JodCallbackListenerError extends JodError {
  constructor(listen: { host: string; port: number }, cause: unknown) {
    const code = (cause as { code?: string } | undefined)?.code;
    const why = BIND_FAILURES[code ?? ""] ?? `could not be bound (${code ?? String(cause)})`;
    super(
      `The JOD callback listener could not listen on ${formatAddress(listen)}: that address ${why}. ` +
        "Choose another with `pulumi config set jod:callbackListen HOST:PORT` (or JOD_CALLBACK_LISTEN); " +
        "port 0 picks a free one. Nothing was sent to JOD.",
      { code: "LISTENER_FAILED", mayHaveDeployed: false, cause },
    );
  }
}

// ---- After JOD accepted: the callback ----

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

/** JOD accepted a deployment (it is paid for) but its callback did not arrive in time. */
export class JodCallbackTimeoutError extends JodError {
  constructor(options: { deploymentId: string; waitedSeconds: number }) {
    super(
      `JOD accepted deployment ${options.deploymentId} but did not call back within ` +
        `${options.waitedSeconds} s, so its recorder ids and IPs are unknown. If JOD cannot ` +
        "reach the callback URL, check `jod:callbackUrl`; raise `timeoutSeconds` if deployments " +
        "take longer.",
      { code: "CALLBACK_TIMEOUT", mayHaveDeployed: true },
    );
  }
}

/** The provider got SIGINT or SIGTERM while waiting for the callback of an accepted deployment. */
export class JodInterruptedError extends JodError {
  constructor(options: { signal: string; deploymentId: string; cause?: unknown }) {
    super(
      `The provider received ${options.signal} while waiting for JOD's callback for ` +
        `deployment ${options.deploymentId}.`,
      { code: "INTERRUPTED", mayHaveDeployed: true, cause: options.cause },
    );
  }
}

/** `host:port`, with brackets around an IPv6 host. */
export function formatAddress({ host, port }: { host: string; port: number }): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
