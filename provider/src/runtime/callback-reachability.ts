import { isIP } from "node:net";
import type { ProviderSettings } from "./provider-settings";

/**
 * Says why JOD could not call back, when that is certain before anything is paid: a JOD endpoint
 * off this machine asked to call a loopback URL (the default `http://127.0.0.1:<port>` when
 * `jod:callbackUrl` is unset). The deployment would be charged and then time out.
 *
 * @example
 * ```ts
 * unreachableCallbackReason(settings, undefined);
 * // "jod:callbackUrl is not set, so JOD at https://api.jod.sh would be asked to call back ..."
 * ```
 */
export function unreachableCallbackReason(
  settings: ProviderSettings,
  callbackUrlInput: string | undefined,
): string | undefined {
  const endpointHost = new URL(settings.endpoint).hostname;
  if (isLoopback(endpointHost)) return undefined;
  const base = callbackUrlInput ?? settings.callbackUrl;
  if (base !== undefined && !isLoopback(new URL(base).hostname)) return undefined;
  const what =
    base === undefined
      ? "jod:callbackUrl is not set, so"
      : `the callback URL ${base} is on this machine only, so`;
  return (
    `${what} JOD at ${settings.endpoint} would be asked to call back an address it cannot ` +
    "reach, and the deployment would be paid for but never confirmed. Set jod:callbackUrl (or " +
    "the callbackUrl input) to a public URL that reaches the callback listener: a public host, " +
    "a forwarded port or a tunnel (see the README)"
  );
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.") || host === "0.0.0.0";
  return host === "::1" || host === "::";
}
