import { isIP } from "node:net";

/**
 * Tells whether a URL hostname names this machine: `localhost`, 127.0.0.0/8 or `::1`.
 * No DNS lookup is made, so only these literal forms count.
 *
 * @example
 * ```ts
 * isLoopbackHostname("127.0.0.1"); // true
 * isLoopbackHostname("[::1]"); // true
 * isLoopbackHostname("example.com"); // false
 * ```
 */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return isIP(host) === 6 && host === "::1";
}

/**
 * Checks a `callback_url` and returns why it is refused, or `undefined` when it is fine.
 * It must be an absolute http(s) URL and, unless `allowRemote`, point at a loopback host:
 * an emulator must not be usable to POST to arbitrary hosts.
 *
 * @example
 * ```ts
 * callbackUrlProblem("http://127.0.0.1:8080/cb", false); // undefined
 * callbackUrlProblem("https://example.com/cb", false); // "invalid callback_url: …"
 * ```
 */
export function callbackUrlProblem(callbackUrl: string, allowRemote: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    return "invalid callback_url: must be an absolute http or https URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return "invalid callback_url: must be an absolute http or https URL";
  }
  if (!allowRemote && !isLoopbackHostname(url.hostname)) {
    return (
      `invalid callback_url: host ${url.hostname} is not loopback (localhost, 127.0.0.0/8, ::1);` +
      " start the emulator with allowRemoteCallbacks (--allow-remote-callbacks) to allow it"
    );
  }
  return undefined;
}
