import { RelayClient } from "../relay";
import { RelayHttpError, relayRequest, relayUrl, type RelayAnswer } from "../relay-http";
import type { RelaySettings } from "../settings";
import type { DeploymentJournal, JournalEntry, JournalPruneResult } from "./journal-entry";
import { JournalError, assertWritableEntry, journalKey, parseJournalEntry } from "./journal-entry";

/**
 * The largest entry, and the largest answer read back. The relay refuses bigger journal
 * messages: `client_max_body_size 64k` in relay/nginx/jod-relay/locations.conf must stay equal.
 * Sized for entries without a recorder list (issue 18: the relay journal keeps none), whose
 * largest allowed form is far below 64 KiB.
 */
export const MAX_ENTRY_BYTES = 64 * 1024;

/**
 * A deployment journal kept in the callback relay (`{base}/journal/{sha256(identity)}`), so a
 * fresh CI runner sees what a cancelled one did. The secret goes only into the Authorization
 * header and no error repeats it or an entry's content. Redirects are refused, not followed
 * (the secret would go along), and answers are read up to {@link MAX_ENTRY_BYTES}. Entries are
 * as durable as the relay's store (Redis in the durable variant); the relay expires them itself
 * (400 days: longer than the longest deployment), so `prune` has nothing to do. `read` takes
 * the protocol's empty answer (403, no body) for "nothing written" only from a relay whose ping
 * says it keeps messages in Redis: nchan's memory store forgets every entry on a reload of
 * nginx, so there an empty answer proves nothing and `read` throws instead.
 */
export class RelayDeploymentJournal implements DeploymentJournal {
  /**
   * @param relay - As `readProviderSettings` validated and normalised it (settings.ts).
   * @param timeoutMs - How long one request may take, its answer's body included.
   */
  /** The relay's ping proved a durable store; asked once, again after a failure. */
  private durable?: Promise<void>;

  constructor(
    private readonly relay: RelaySettings,
    private readonly timeoutMs = 10_000,
  ) {}

  async read(identity: string): Promise<JournalEntry | undefined> {
    const key = journalKey(identity);
    const { status, body } = await this.send("GET", key);
    // The relay answers an empty journal with 403 and no body (a refused secret is 401); a 403
    // with a body comes from something else and must not pass for "nothing written".
    if (status === 403 && body === "") {
      await this.vouchForEmpty();
      return undefined;
    }
    if (status !== 200) throw this.refused("read", status);
    return parseJournalEntry(body, key, `${key} in the relay ${this.relay.baseUrl}`);
  }

  async write(entry: JournalEntry): Promise<void> {
    assertWritableEntry(entry);
    const body = JSON.stringify(entry);
    if (Buffer.byteLength(body, "utf8") > MAX_ENTRY_BYTES) {
      throw new JournalError(
        "JOURNAL_INVALID_ENTRY",
        `A deployment journal entry may have at most ${MAX_ENTRY_BYTES} bytes for the relay.`,
      );
    }
    const { status } = await this.send("POST", journalKey(entry.identity), body);
    if (status !== 201 && status !== 202) throw this.refused("write", status);
  }

  async prune(): Promise<JournalPruneResult> {
    return { removed: 0, corrupt: [] };
  }

  private async send(method: "GET" | "POST", key: string, body?: string): Promise<RelayAnswer> {
    const { baseUrl, secret } = this.relay;
    const answer = await relayRequest(relayUrl(baseUrl, `/journal/${key}`), {
      method,
      headers: {
        authorization: `Bearer ${secret}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body,
      timeoutMs: this.timeoutMs,
      maxBytes: MAX_ENTRY_BYTES,
    }).catch((error: unknown) => {
      if (!(error instanceof RelayHttpError)) throw error;
      const unreachable = error.reason === "unreachable" || error.reason === "timeout";
      throw new JournalError(
        unreachable ? "RELAY_UNREACHABLE" : "RELAY_REFUSED",
        `The deployment journal in the relay at ${baseUrl} (jod:callbackRelay) ${error.message}. ` +
          (unreachable
            ? "Check that the relay runs and that jod:callbackRelay is its URL."
            : "jod:callbackRelay must be the relay's own URL, such as " +
              "https://meet.example.com/jod-relay: redirects are not followed."),
      );
    });
    if (answer.status !== 401) return answer;
    throw new JournalError(
      "RELAY_UNAUTHORIZED",
      `The relay at ${baseUrl} (jod:callbackRelay) refused jod:relaySecret (HTTP 401). ` +
        "Set the secret the relay was configured with.",
    );
  }

  /**
   * Resolves when the relay's store keeps entries across reloads of nginx (Redis), so that an
   * empty journal means nothing was written; throws a JournalError otherwise.
   */
  private vouchForEmpty(): Promise<void> {
    this.durable ??= new RelayClient(this.relay)
      .ping()
      .then((store) => {
        if (store === "memory") throw new RelayClient(this.relay).volatileStoreError();
      })
      .catch((error: unknown) => {
        this.durable = undefined;
        throw error instanceof JournalError
          ? error
          : new JournalError(
              "RELAY_REFUSED",
              `The deployment journal in the relay has no entry, which it cannot vouch for: ${
                (error as Error).message
              }`,
            );
      });
    return this.durable;
  }

  private refused(what: "read" | "write", status: number): JournalError {
    const why =
      status === 429
        ? "it limits this client's requests: wait and retry, and if a proxy stands in front " +
          "of nginx, let nginx see client addresses (real_ip, relay/README.md)"
        : status >= 500
          ? "it may be full or its store down: check nginx's error log on the relay host and, " +
            "with the Redis store, that Redis runs and has memory left (`redis-cli info memory`)"
          : "is it a pulumi-jod relay of protocol 2?";
    return new JournalError(
      "RELAY_REFUSED",
      `The relay at ${this.relay.baseUrl} (jod:callbackRelay) answered HTTP ${status} to a ` +
        `journal ${what}; ${why}`,
    );
  }
}
