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
 * (7 days), so `prune` has nothing to do. Confirm the relay with its `/ping` first: `read` takes the protocol's empty
 * answer (403, no body) for "nothing written".
 */
export class RelayDeploymentJournal implements DeploymentJournal {
  /**
   * @param relay - As `readProviderSettings` validated and normalised it (settings.ts).
   * @param timeoutMs - How long one request may take, its answer's body included.
   */
  constructor(
    private readonly relay: RelaySettings,
    private readonly timeoutMs = 10_000,
  ) {}

  async read(identity: string): Promise<JournalEntry | undefined> {
    const key = journalKey(identity);
    const { status, body } = await this.send("GET", key);
    // Protocol 1 answers an empty journal with 403 and no body (a refused secret is 401); a 403
    // with a body comes from something else and must not pass for "nothing written".
    if (status === 403 && body === "") return undefined;
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

  private refused(what: "read" | "write", status: number): JournalError {
    return new JournalError(
      "RELAY_REFUSED",
      `The relay at ${this.relay.baseUrl} (jod:callbackRelay) answered HTTP ${status} to a ` +
        `journal ${what}; is it a pulumi-jod relay of protocol 1?`,
    );
  }
}
