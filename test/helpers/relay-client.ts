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

/** What the provider publishes to open a channel (protocol 2); subscribers get it first. */
export const CHANNEL_MARKER = '{"pulumi-jod":"channel-open"}';

/**
 * The provider's side before it asks JOD to call back: opens the token's channel with the
 * secret (the relay takes JOD's POST only for an opened channel), and resolves with the cursor
 * after the opening marker, from which a subscriber gets what JOD publishes.
 */
export async function openChannel(relay: RelayEndpoint, token: string): Promise<RelayCursor> {
  const opened = await fetch(`${relay.baseUrl}/open/${token}`, {
    method: "POST",
    headers: { ...bearer(relay), "Content-Type": "application/json" },
    body: CHANNEL_MARKER,
  });
  if (opened.status !== 201 && opened.status !== 202) {
    throw new Error(`the relay did not open the channel: HTTP ${opened.status}`);
  }
  const marker = await fetchCallback(relay, token);
  if ((await marker.text()) !== CHANNEL_MARKER) throw new Error("the channel has no marker first");
  return cursorOf(marker);
}
