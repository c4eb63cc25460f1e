import { isIPv4, isIPv6 } from "node:net";
import { isLocation, LOCATION_CODES, LOCATIONS } from "./locations";

// Hand-written on purpose: a schema library (zod) breaks Pulumi's closure serialization.
// Each validator returns `undefined` when the value is valid, otherwise what is allowed
// ("must be ..."), phrased to follow the property or config key it is reported under.

/**
 * The bounds the validators enforce. JOD documents no limits of its own: recorders and hours
 * are positive whole numbers, with technical sanity bounds far above any event. What a
 * deployment may cost is bounded by the spend ceiling (`jod:maxRecorderHours`) instead.
 */
export const LIMITS = {
  /** More than 10,000 recorders for one Jitsi domain is a broken value, not an event. */
  recorders: { min: 1, max: 10_000 },
  /** Deployment duration in hours: up to a year (JOD cannot stop recorders early). */
  durationHours: { min: 1, max: 8_760 },
  /** Timeouts given in seconds: up to 24 hours. */
  timeoutSeconds: { min: 1, max: 86_400 },
  /** TCP ports a listener may ask for; 0 lets the system pick one. */
  port: { min: 0, max: 65_535 },
  /** Hostnames, per RFC 1035. */
  hostnameLength: 253,
  hostnameLabelLength: 63,
  /** URLs, the length most software handles without trouble. */
  urlLength: 2048,
} as const;

type Validator = (value: unknown) => string | undefined;

/** A validator for a string input: "must be <allowed>", naming what came instead of a string. */
function stringValidator(allowed: string, isValid: (value: string) => boolean): Validator {
  return (value) => {
    if (typeof value !== "string")
      return `must be a string: ${allowed}, got ${describeValue(value)}`;
    return isValid(value) ? undefined : `must be ${allowed}`;
  };
}

/**
 * Names what a caller passed without echoing strings, which may be secret (an API key, a URL
 * with a password in it). Numbers are shown because they are never secret here and help most.
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return String(value);
  if (value === undefined) return "nothing (undefined)";
  if (value === "") return "an empty string";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The reason never contains the key, so it is safe to log. */
export function validateApiKey(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return undefined;
  return (
    "must be a non-empty string: the API key from the JOD dashboard, set with " +
    "`pulumi config set --secret jod:apiKey <key>`"
  );
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/**
 * A DNS hostname: dot-separated labels of 1-63 letters, digits or inner hyphens, at most 253
 * characters, no trailing dot. `minLabels` is 2 for a public domain, 1 to allow `localhost`.
 */
export function isHostname(value: string, minLabels: number): boolean {
  if (value.length > LIMITS.hostnameLength) return false;
  const labels = value.split(".");
  return (
    labels.length >= minLabels &&
    labels.every((label) => label.length <= LIMITS.hostnameLabelLength && LABEL.test(label))
  );
}

const DOMAIN_ALLOWED =
  "a hostname such as meet.example.com, without scheme, port or path (at least two " +
  "dot-separated labels of 1-63 letters, digits or inner hyphens, at most 253 characters)";

/** A numeric last label is refused: it means an IP address, not a domain configured in JOD. */
export const validateDomain = stringValidator(
  DOMAIN_ALLOWED,
  (value) => isHostname(value, 2) && !/^\d+$/.test(value.slice(value.lastIndexOf(".") + 1)),
);

function integerValidator({ min, max }: { min: number; max: number }, allowed: string): Validator {
  return (value) => {
    const isNumber = typeof value === "number";
    if (isNumber && Number.isInteger(value) && value >= min && value <= max) return undefined;
    return `must be ${isNumber ? "" : "a number: "}${allowed}, got ${describeValue(value)}`;
  };
}

export const validateRecorders = integerValidator(
  LIMITS.recorders,
  `an integer from ${LIMITS.recorders.min} to ${LIMITS.recorders.max}`,
);

export const validateDuration = integerValidator(
  LIMITS.durationHours,
  `an integer number of hours from ${LIMITS.durationHours.min} to ${LIMITS.durationHours.max} (a year)`,
);

export const validateTimeoutSeconds = integerValidator(
  LIMITS.timeoutSeconds,
  `an integer number of seconds from ${LIMITS.timeoutSeconds.min} to ${LIMITS.timeoutSeconds.max} (24 hours)`,
);

const LOCATION_CHOICES = LOCATION_CODES.map((code) => `${code} (${LOCATIONS[code]})`).join(", ");

/** One of the eight codes JOD documents, in lower case; the reason lists them with their cities. */
export const validateLocation = stringValidator(`one of ${LOCATION_CHOICES}`, isLocation);

/**
 * The public base URL of the callback listener (`jod:callbackUrl`, the `callbackUrl` input).
 * `/jod/callback/<token>` is appended, so a query or fragment would swallow it.
 */
export const validateCallbackBaseUrl = baseUrlValidator(
  "an absolute http:// or https:// URL such as https://hooks.example.com/jod, without user " +
    "name, password, query or fragment",
);

const ENDPOINT_ALLOWED =
  "an https:// URL such as https://api.jod.sh (http:// only on loopback, such as " +
  "http://127.0.0.1:8787 for the emulator), without user name, password, query or fragment";
const validateEndpointUrl = baseUrlValidator(ENDPOINT_ALLOWED);

/**
 * The base URL of the JOD API (the client appends `/deploy-recorder`). Every request carries
 * the API key in its body, so plain http is refused unless the host is this machine.
 */
export const validateEndpoint: Validator = (value) => {
  const reason = validateEndpointUrl(value);
  if (reason !== undefined || !isPlainHttpOffMachine(value as string)) return reason;
  return (
    "must use https: every request to it carries the API key, which plain http:// would send " +
    `in clear to anyone on the path. Allowed: ${ENDPOINT_ALLOWED}`
  );
};

/**
 * A valid base URL whose traffic anyone between here and its host can read: `http://` to a
 * host that is not this machine.
 */
export function isPlainHttpOffMachine(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return url.protocol === "http:" && !isLoopbackHost(url.hostname);
}

/**
 * An http(s) URL that a path gets appended to. No credentials, because JOD (or a proxy) would
 * log them; no query or fragment, which would end up in front of the path. Parsed strictly:
 * the WHATWG parser silently trims spaces and fixes slashes, which we refuse.
 */
function baseUrlValidator(allowed: string): Validator {
  return stringValidator(allowed, (value) => {
    if (value.length > LIMITS.urlLength || /[\s?#]/.test(value)) return false;
    if (!/^https?:\/\/[^/]/i.test(value) || !URL.canParse(value)) return false;
    const url = new URL(value);
    return url.hostname !== "" && !url.username && !url.password;
  });
}

const LISTEN_ALLOWED =
  "host:port, [ipv6]:port or :port, such as 0.0.0.0:8080, [::1]:8080 or :8080, with a port " +
  `from ${LIMITS.port.min} to ${LIMITS.port.max}`;

/** `host:port`, `[ipv6]:port` or `:port` (all interfaces); port 0 means "any free port". */
export const validateListenAddress = stringValidator(LISTEN_ALLOWED, (value) => {
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  if (!match) return false;
  const [, ipv6, host, port] = match;
  // Dotted digits must be a real IPv4 address; anything else a hostname such as localhost.
  const hostValid =
    ipv6 !== undefined
      ? isIPv6(ipv6)
      : host === "" || (/^[\d.]+$/.test(host) ? isIPv4(host) : isHostname(host, 1));
  return hostValid && Number(port) <= LIMITS.port.max;
});

/** A host only this machine can reach: JOD elsewhere could never call it back. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIPv4(host)) return host.startsWith("127.") || host === "0.0.0.0";
  return host === "::1" || host === "::";
}
