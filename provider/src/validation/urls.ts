import { describeValue } from "./describe-value";
import { LIMITS } from "./limits";

const CALLBACK_ALLOWED =
  "an absolute http:// or https:// URL such as https://example.com/jod-callback, without user " +
  `name or password, at most ${LIMITS.urlLength} characters`;

/**
 * Checks the URL JOD calls back when the deployment finished: absolute http or https, and no
 * credentials, because JOD would store and log them.
 *
 * @returns `undefined` when valid, otherwise what is allowed.
 * @example
 * ```ts
 * validateCallbackUrl("https://example.com/jod-callback"); // undefined
 * validateCallbackUrl("/jod-callback"); // "must be an absolute http:// or https:// URL ..."
 * ```
 */
export function validateCallbackUrl(value: unknown): string | undefined {
  if (typeof value !== "string") {
    return `must be a string: ${CALLBACK_ALLOWED}, got ${describeValue(value)}`;
  }
  const url = parseHttpUrl(value);
  if (!url || url.username || url.password) return `must be ${CALLBACK_ALLOWED}`;
  return undefined;
}

const CALLBACK_BASE_ALLOWED =
  "an absolute http:// or https:// URL such as https://hooks.example.com/jod, without user " +
  "name, password, query or fragment";

/**
 * Checks a public base URL of the callback listener (`jod:callbackUrl`, the `callbackUrl`
 * input): the path `/jod/callback/<token>` is appended, so a query or fragment would swallow it
 * and JOD's callback would never reach its deployment.
 *
 * @returns `undefined` when valid, otherwise what is allowed.
 * @example
 * ```ts
 * validateCallbackBaseUrl("https://hooks.example.com/jod"); // undefined
 * validateCallbackBaseUrl("https://hooks.example.com/?via=proxy"); // "must be an absolute ..."
 * ```
 */
export function validateCallbackBaseUrl(value: unknown): string | undefined {
  return validateBaseUrl(value, CALLBACK_BASE_ALLOWED);
}

const ENDPOINT_ALLOWED =
  "an http:// or https:// URL such as https://api.jod.sh, without user name, password, query " +
  "or fragment";

/**
 * Checks the base URL of the JOD API (the client appends `/deploy-recorder`).
 *
 * @returns `undefined` when valid, otherwise what is allowed.
 * @example
 * ```ts
 * validateEndpoint("http://127.0.0.1:8080"); // undefined
 * validateEndpoint("api.jod.sh"); // "must be an http:// or https:// URL such as https://api.jod.sh, ..."
 * ```
 */
export function validateEndpoint(value: unknown): string | undefined {
  return validateBaseUrl(value, ENDPOINT_ALLOWED);
}

/** An http(s) URL that a path gets appended to: no credentials, query or fragment. */
function validateBaseUrl(value: unknown, allowed: string): string | undefined {
  if (typeof value !== "string") return `must be a string: ${allowed}, got ${describeValue(value)}`;
  const url = parseHttpUrl(value);
  // A query or fragment would end up in front of the appended path and change its meaning.
  if (!url || url.username || url.password || /[?#]/.test(value)) return `must be ${allowed}`;
  return undefined;
}

/** Parses strictly: the WHATWG parser silently trims spaces and fixes slashes, which we refuse. */
function parseHttpUrl(value: string): URL | undefined {
  if (value.length > LIMITS.urlLength || /\s/.test(value)) return undefined;
  if (!/^https?:\/\/[^/]/i.test(value)) return undefined;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname
      ? url
      : undefined;
  } catch {
    return undefined;
  }
}
