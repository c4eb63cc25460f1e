/** What a loopback HTTP request got back. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The body parsed as JSON, or the raw text when it is not JSON. */
  body: unknown;
}

/**
 * Sends one request with Node's fetch and reads the whole answer.
 *
 * @example
 * ```ts
 * const answer = await request(url, { method: "PUT" });
 * answer.status; // 405
 * ```
 */
export async function request(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, headers: response.headers, body };
}

/**
 * POSTs a value as JSON, as JOD posts its callbacks.
 *
 * @example
 * ```ts
 * const { status } = await postJson(lease.callbackUrl, { it: "failed", message: "no capacity" });
 * ```
 */
export function postJson(url: string, value: unknown): Promise<HttpAnswer> {
  return request(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(value),
  });
}

/**
 * The error code behind a failed fetch (such as `ECONNREFUSED`), or undefined if it succeeded.
 *
 * @example
 * ```ts
 * expect(await connectionErrorCode(url)).toBe("ECONNREFUSED");
 * ```
 */
export async function connectionErrorCode(url: string): Promise<string | undefined> {
  try {
    await request(url, { method: "POST", body: "{}" });
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? String(error);
  }
}
