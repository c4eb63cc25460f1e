/** What the emulator answered, with the body both raw and parsed. */
export interface EmulatorReply {
  status: number;
  contentType: string | null;
  text: string;
  /** The body parsed as a JSON object, or `undefined` if it is not one. */
  json: Record<string, unknown> | undefined;
}

/**
 * POSTs a body to `${baseUrl}/deploy-recorder`. A `URLSearchParams` or string body is sent as
 * `application/x-www-form-urlencoded`, like JOD's documented examples, unless `contentType`
 * says otherwise.
 *
 * @example
 * ```ts
 * const reply = await postDeployRecorder(emulator.url, new URLSearchParams({ apiKey: "JOD-1" }));
 * reply.status; // 401
 * ```
 */
export async function postDeployRecorder(
  baseUrl: string,
  body: URLSearchParams | string,
  init: { contentType?: string; signal?: AbortSignal } = {},
): Promise<EmulatorReply> {
  const response = await fetch(`${baseUrl}/deploy-recorder`, {
    method: "POST",
    headers: { "Content-Type": init.contentType ?? "application/x-www-form-urlencoded" },
    body: body.toString(),
    signal: init.signal,
  });
  return readReply(response);
}

/**
 * Calls the emulator's admin API with an optional JSON body.
 *
 * @example
 * ```ts
 * await callAdmin(emulator.url, "POST", "/faults", { maintenance: true });
 * ```
 */
export async function callAdmin(
  baseUrl: string,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
): Promise<EmulatorReply> {
  const response = await fetch(`${baseUrl}/__admin${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return readReply(response);
}

async function readReply(response: Response): Promise<EmulatorReply> {
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null) json = parsed as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get("content-type"), text, json };
}
