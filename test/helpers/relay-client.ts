import { randomBytes } from "node:crypto";

/** What a client needs to talk to a relay. */
export interface RelayEndpoint {
  /** e.g. `http://127.0.0.1:41234/jod-relay` */
  baseUrl: string;
  /** The 64-hex relay secret the subscriber side must present. */
  secret: string;
}

/** A fresh 256-bit token in the protocol's form (64 lowercase hex). */
export function relayToken(): string {
  return randomBytes(32).toString("hex");
}

/** The validators of the last message a subscriber got: send them back to get the next one. */
export interface RelayCursor {
  lastModified: string;
  etag: string;
}

/** The `Authorization` header the provider side sends. */
export function bearer(relay: RelayEndpoint): Record<string, string> {
  return { Authorization: `Bearer ${relay.secret}` };
}

/** One long-poll on the callback channel of `token`, after the message `cursor` names. */
export function fetchCallback(
  relay: RelayEndpoint,
  token: string,
  cursor?: RelayCursor,
): Promise<Response> {
  const headers = bearer(relay);
  if (cursor) {
    headers["If-Modified-Since"] = cursor.lastModified;
    headers["If-None-Match"] = cursor.etag;
  }
  return fetch(`${relay.baseUrl}/subscribe/${token}`, { headers });
}

/** The cursor of a delivered message (its Last-Modified and Etag). */
export function cursorOf(response: Response): RelayCursor {
  const lastModified = response.headers.get("last-modified");
  const etag = response.headers.get("etag");
  if (!lastModified || !etag) throw new Error(`no Last-Modified/Etag on ${response.status}`);
  return { lastModified, etag };
}

/** JOD's side: POST a callback body to the token's public URL. */
export function publishCallback(
  relay: RelayEndpoint,
  token: string,
  body: string,
  contentType = "application/json",
): Promise<Response> {
  return fetch(`${relay.baseUrl}/callback/${token}`, {
    method: "POST",
    headers: { "Content-Type": contentType },
    body,
  });
}
