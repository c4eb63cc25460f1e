import http from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import type { CallbackChannel, CallbackLease } from "./callbacks/callback-channel";
import { callbackToken, CallbackRegistry } from "./callbacks/callback-registry";
import type { CallbackOutcome } from "./parse-jod";
import {
  RelayHttpError,
  relayRequest,
  relayUrl,
  type RelayAnswer,
  type RelayRequest,
} from "./relay-http";
import { JodError } from "./errors";
import type { RelaySettings } from "./settings";

/** Where a message stands in a channel's buffer: nchan's `Last-Modified` and `Etag`. */
export interface RelayCursor {
  lastModified?: string;
  etag?: string;
}

/**
 * The largest callback: JOD's success callback for the largest deployment (10,000 recorders,
 * ids up to 128 characters, IPs up to 45) is about 2.1 MB of JSON (some 210 bytes a recorder).
 * The relay's publisher takes up to the same 4 MiB (client_max_body_size in locations.conf).
 */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Ping and channel-open answers are a few hundred bytes; more is not the relay talking. */
const MAX_STATUS_BYTES = 64 * 1024;
/**
 * A long-poll the relay holds longer than its own subscriber timeout (30 s) is a dead socket;
 * the bound covers the whole request, so it also ends an answer that stalls mid-body.
 */
const POLL_TIMEOUT_MS = 45_000;
/**
 * Idle keep-alive sockets kept for the next long-poll. Node's agent unrefs idle sockets, so
 * they never hold the process open; this bounds how many stay after many creates end at once.
 */
const MAX_IDLE_SOCKETS = 16;
/** Between attempts while the relay is unreachable during a wait. */
const RETRY_DELAY_MS = 1_000;
/** The protocol this provider speaks: 2 opens channels with the secret and names its store. */
const PROTOCOL = 2;
/** What the provider publishes to open a channel; not a JOD callback, so it is skipped. */
const CHANNEL_MARKER = JSON.stringify({ "pulumi-jod": "channel-open" });

/**
 * Where the relay keeps messages, as its ping says: `redis` survives reloads and restarts of
 * nginx, `memory` (nchan's shared memory) loses everything on each.
 */
export type RelayStore = "redis" | "memory";

/** What to do about each failure of the relay, naming the config key to look at. */
const RELAY_ADVICE = {
  down:
    "Check that jod:callbackRelay is the relay's public base URL and that nginx with nchan " +
    "runs there (see the README, 'Where JOD calls back').",
  secret:
    "jod:relaySecret does not match the secret the relay was set up with: set it with " +
    "`pulumi config set --secret jod:relaySecret <secret>` (or JOD_RELAY_SECRET).",
  "not-relay":
    "jod:callbackRelay does not point at a pulumi-jod relay: it must be the relay's base URL " +
    "including the path prefix the relay snippet serves, such as " +
    "https://meet.example.com/jod-relay (whose {base}/ping answers the relay's ping).",
  redirect:
    "The provider does not follow redirects (the relay secret would go along): set " +
    "jod:callbackRelay to the URL the relay answers at itself, such as " +
    "https://meet.example.com/jod-relay.",
  failing:
    "The relay is there but could not store or serve the message: it may be full or its store " +
    "down. Check nginx's error log on the relay host and, with the Redis store, that Redis runs " +
    "and has memory left (`redis-cli info memory`, maxmemory in relay/README.md).",
  limited:
    "The relay limits requests per client address: wait and retry. If a proxy or TLS terminator " +
    "stands in front of nginx, let nginx see client addresses (real_ip), see relay/README.md.",
  outdated:
    "Install the relay files of this pulumi-jod version (relay/README.md), then " +
    "`nginx -t && systemctl reload nginx`.",
  volatile:
    "Its deployment journal would be lost on every reload of nginx (certificate renewals reload " +
    "it), and a resumed create could then buy the same deployment again. Use the Redis store: " +
    "copy store-redis.conf over store.conf and include redis.conf (relay/README.md, 'On the " +
    "Jitsi host'), or start run-local.sh with --redis.",
};

/** The advice for an answer that is no success, by status: 429, 5xx, or anything else. */
function adviceFor(status: number): keyof typeof RELAY_ADVICE {
  if (status === 429) return "limited";
  return status >= 500 ? "failing" : "not-relay";
}

/** Plain HTTP(S) to the relay: long-polls, the ping, opening channels. */
export class RelayClient {
  private readonly baseUrl: string;
  private readonly agent: http.Agent;

  constructor(private readonly settings: RelaySettings) {
    this.baseUrl = settings.baseUrl.replace(/\/+$/, "");
    const Agent = relayUrl(this.baseUrl, "/").protocol === "https:" ? https.Agent : http.Agent;
    // Many creates wait at once, each on its own long-poll: keep their sockets alive. The agent
    // is shared by every create of the process and never destroyed (see MAX_IDLE_SOCKETS).
    this.agent = new Agent({ keepAlive: true, maxFreeSockets: MAX_IDLE_SOCKETS });
  }

  /** The URL JOD posts the callback to: public, and only as guessable as the token. */
  callbackUrl(token: string): string {
    return relayUrl(this.baseUrl, `/callback/${token}`).href;
  }

  /**
   * Proves the relay is there, is ours, speaks this protocol and takes the secret, before
   * anything is paid for; resolves with its store.
   */
  async ping(): Promise<RelayStore> {
    // Without a signal it is never "aborted".
    const answer = (await this.send("/ping", {
      method: "GET",
      headers: this.authorized(),
      timeoutMs: 10_000,
      maxBytes: MAX_STATUS_BYTES,
    })) as RelayAnswer;
    if (answer.status === 401 || answer.status === 403) {
      throw this.failure("secret", `refused the secret (HTTP ${answer.status})`);
    }
    const body = parseJson(answer.body) as
      | { relay?: unknown; protocol?: unknown; store?: unknown }
      | null
      | undefined;
    if (answer.status !== 200 || body?.relay !== "pulumi-jod") {
      const problem = answer.status === 200 ? "not-relay" : adviceFor(answer.status);
      throw this.failure(
        problem,
        `answered its ping (GET ${this.baseUrl}/ping) with HTTP ${answer.status}, not as a ` +
          "pulumi-jod relay",
      );
    }
    if (body.protocol !== PROTOCOL || (body.store !== "redis" && body.store !== "memory")) {
      const spoken = typeof body.protocol === "number" ? body.protocol : "unknown";
      throw this.failure(
        "outdated",
        `speaks relay protocol ${spoken}, and this provider needs protocol ${PROTOCOL} (channels ` +
          "opened with the secret, the store named in the ping)",
      );
    }
    return body.store;
  }

  /**
   * The message after `cursor` on the token's channel, with the cursor that fetches the message
   * after it; `undefined` when none came within the relay's long-poll timeout (or before
   * `signal` aborted).
   */
  async next(
    token: string,
    cursor: RelayCursor,
    signal?: AbortSignal,
  ): Promise<{ body: string; cursor: RelayCursor } | "empty-channel" | undefined> {
    const headers: Record<string, string> = {};
    if (cursor.lastModified) headers["If-Modified-Since"] = cursor.lastModified;
    if (cursor.etag) headers["If-None-Match"] = cursor.etag;
    const answer = await this.send(`/subscribe/${token}`, {
      method: "GET",
      headers: this.authorized(headers),
      timeoutMs: POLL_TIMEOUT_MS,
      maxBytes: MAX_MESSAGE_BYTES,
      signal,
    });
    if (answer === "aborted") return undefined;
    if (answer.status === 200) {
      const { "last-modified": lastModified, etag } = answer.headers;
      return { body: answer.body, cursor: { lastModified, etag } };
    }
    // 408: nchan's long-poll timeout. 403: the channel holds nothing (yet), as after a restart
    // of a relay without Redis; the caller opens it again.
    if (answer.status === 408) return undefined;
    if (answer.status === 403) return "empty-channel";
    if (answer.status === 401) throw this.failure("secret", "refused the secret (HTTP 401)");
    const detail = `answered a subscription with HTTP ${answer.status}`;
    throw this.failure(adviceFor(answer.status), detail);
  }

  /**
   * Opens a channel by publishing a marker to it with the secret (`{base}/open/{token}`): the
   * relay takes JOD's POST only for an opened channel, nchan then long-polls it (it answers 403
   * at once for a channel that holds nothing), and the marker, which is no callback, is
   * skipped by the registry.
   */
  async open(token: string, signal?: AbortSignal): Promise<void> {
    const answer = await this.send(`/open/${token}`, {
      method: "POST",
      headers: this.authorized({ "Content-Type": "application/json" }),
      body: CHANNEL_MARKER,
      timeoutMs: 10_000,
      maxBytes: MAX_STATUS_BYTES,
      signal,
    });
    if (answer === "aborted" || answer.status === 201 || answer.status === 202) return;
    if (answer.status === 401) throw this.failure("secret", "refused the secret (HTTP 401)");
    const detail = `refused to open a callback channel (HTTP ${answer.status})`;
    throw this.failure(adviceFor(answer.status), detail);
  }

  /** Why a relay on nchan's memory store is not used for callbacks and the journal. */
  volatileStoreError(): JodError {
    return this.failure(
      "volatile",
      "keeps its messages in nginx's memory (its ping says store: memory), which every reload " +
        "or restart of nginx empties",
    );
  }

  /** Its message never holds the secret or a token: the URL in it stops at the base URL. */
  private failure(problem: keyof typeof RELAY_ADVICE, detail: string): JodError {
    const message = `The callback relay at ${this.baseUrl} ${detail}. ${RELAY_ADVICE[problem]}`;
    return new JodError(message, { code: "RELAY_FAILED", mayHaveDeployed: false });
  }

  /** `headers` and the secret, which goes nowhere but this header. */
  private authorized(headers: Record<string, string> = {}): Record<string, string> {
    return { ...headers, Authorization: `Bearer ${this.settings.secret}` };
  }

  /** One request through the shared agent; its failures become relay errors. */
  private async send(
    path: string,
    request: Omit<RelayRequest, "agent">,
  ): Promise<RelayAnswer | "aborted"> {
    try {
      return await relayRequest(relayUrl(this.baseUrl, path), { ...request, agent: this.agent });
    } catch (error) {
      if (!(error instanceof RelayHttpError)) throw error;
      throw this.failure(error.reason === "redirect" ? "redirect" : "down", error.message);
    }
  }
}

/**
 * The relay side of callbacks, the counterpart of the direct listener: no port is opened here.
 * Each create gets a channel on the relay and fetches from it over an outbound long-poll; the
 * relay buffers JOD's callback while nobody is fetching.
 */
export class RelayCallbacks implements CallbackChannel {
  readonly registry = new CallbackRegistry();
  private readonly client: RelayClient;
  private pinged?: Promise<void>;

  constructor(
    private readonly settings: RelaySettings,
    private readonly log: (message: string) => void,
  ) {
    this.client = new RelayClient(settings);
  }

  /**
   * Proves the relay is there, is ours, takes the secret and keeps what it holds across reloads
   * of nginx (the Redis store): once per process (again after a failure). A relay on nchan's
   * memory store is refused: the deployment journal kept there would not survive a reload.
   */
  ready(): Promise<void> {
    this.pinged ??= this.client
      .ping()
      .then((store) => {
        if (store === "memory") throw this.client.volatileStoreError();
      })
      .catch((error: unknown) => {
        this.pinged = undefined;
        throw error;
      });
    return this.pinged;
  }

  /** Checks the relay (once per process, again after a failure) and opens the nonce's channel. */
  async open(nonce: string): Promise<CallbackLease> {
    await this.ready();
    const token = callbackToken(this.settings.secret, nonce);
    await this.client.open(token);
    const pending = this.registry.register(token);
    const stop = new AbortController();
    const fetching = this.deliver(token, stop.signal, "until-deadline");
    return {
      pending,
      callbackUrl: this.client.callbackUrl(token),
      release: async () => {
        stop.abort();
        await fetching.catch(() => undefined);
        pending.dispose();
      },
    };
  }

  /**
   * Asks the relay, for at most `waitMs`, whether the callback of an earlier create is buffered
   * (refresh). `deploymentId` is the id JOD answered with, when it is known. Relay errors throw.
   */
  async fetchBuffered(
    nonce: string,
    deploymentId: string | undefined,
    waitMs: number,
  ): Promise<CallbackOutcome | undefined> {
    const token = callbackToken(this.settings.secret, nonce);
    const pending = this.registry.register(token);
    pending.expectDeployment(deploymentId);
    try {
      // The timeout's timer does not keep the process up.
      const accepted = await this.deliver(token, AbortSignal.timeout(waitMs), "once");
      // Settled already: the wait returns at once.
      return accepted ? await pending.wait(waitMs) : undefined;
    } finally {
      pending.dispose();
    }
  }

  /**
   * Fetches the channel's messages in order and hands each to the registry, until one is
   * accepted (true) or `signal` aborts (false). `until-deadline` rides out relay outages (the relay keeps
   * the callback meanwhile); `once` throws them and stops at an empty channel.
   */
  private async deliver(
    token: string,
    signal: AbortSignal,
    mode: "until-deadline" | "once",
  ): Promise<boolean> {
    let cursor: RelayCursor = {};
    let reported = false;
    while (!signal.aborted) {
      try {
        const message = await this.client.next(token, cursor, signal);
        if (message === "empty-channel") {
          if (mode === "once") return false;
          // The relay lost the channel (a restart without Redis): open it again, from the start.
          await pause(signal);
          await this.client.open(token, signal);
          cursor = {};
        } else if (message) {
          cursor = message.cursor;
          if (message.body === CHANNEL_MARKER) continue;
          const refused = (problem: string) => this.log(`callback refused: ${problem}`);
          const result = this.registry.deliver(token, parseJson(message.body), refused);
          if (result === "accepted") return true;
        }
      } catch (error) {
        if (mode === "once") throw error;
        if (!reported) this.log(`${(error as Error).message} Retrying until the deadline.`);
        reported = true;
        await pause(signal);
      }
    }
    return false;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Waits between attempts, less when `signal` aborts; the timer does not keep the process up. */
function pause(signal: AbortSignal): Promise<void> {
  return sleep(RETRY_DELAY_MS, undefined, { signal, ref: false }).catch(() => undefined);
}
