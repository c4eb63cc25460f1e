import type net from "node:net";
import { JournalError } from "../../../provider/src/journal/journal-entry";
import { RelayDeploymentJournal } from "../../../provider/src/journal/relay-journal";
import { RelayCallbacks, RelayClient } from "../../../provider/src/relay";
import { serveRaw, type FaultServer } from "../../helpers/relay-faults";
import { sampleEntry } from "../../helpers/unit-journal";

const SECRET = "ab".repeat(32);
const TOKEN = "cd".repeat(32);
const PING_REDIS = '{"relay":"pulumi-jod","protocol":2,"store":"redis"}';
const PING_MEMORY = '{"relay":"pulumi-jod","protocol":2,"store":"memory"}';
const NOT_A_RELAY = "does not point at a pulumi-jod relay";
const FULL = /could not store or serve the message: it may be full or its store down/;

function reply(socket: net.Socket, status: string, body = ""): void {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/** A relay that answers its ping with `ping` and everything else with `status`. */
function relayAnswering(ping: string, status: string): Promise<FaultServer> {
  return serveRaw((head, socket) =>
    head.startsWith("GET /jod-relay/ping ") ? reply(socket, "200 OK", ping) : reply(socket, status),
  );
}

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const settingsOf = (relay: FaultServer) => ({
  baseUrl: `${relay.origin}/jod-relay`,
  secret: SECRET,
});

describe("a full or failing relay says so, never that it is no relay", () => {
  it.each([
    ["500 Internal Server Error", FULL],
    ["507 Insufficient Storage", FULL],
    ["503 Service Unavailable", FULL],
    ["429 Too Many Requests", /limits requests per client address/],
  ])("opening a channel answered %s", async (status, cause) => {
    server = await relayAnswering(PING_REDIS, status);
    const opening = new RelayClient(settingsOf(server)).open(TOKEN);
    await expect(opening).rejects.toThrow(cause);
    await expect(opening).rejects.toThrow(`(HTTP ${status.split(" ")[0]})`);
    await expect(opening).rejects.not.toThrow(NOT_A_RELAY);
  });

  it.each([
    ["500 Internal Server Error", /it may be full or its store down/],
    ["429 Too Many Requests", /it limits this client's requests/],
  ])("a journal write answered %s", async (status, cause) => {
    server = await relayAnswering(PING_REDIS, status);
    const journal = new RelayDeploymentJournal(settingsOf(server));
    const write = journal.write(sampleEntry());
    await expect(write).rejects.toThrow(cause);
  });

  it("a relay of protocol 1 is named as outdated, with the fix", async () => {
    server = await relayAnswering('{"relay":"pulumi-jod","protocol":1}', "404 Not Found");
    await expect(new RelayClient(settingsOf(server)).ping()).rejects.toThrow(
      /speaks relay protocol 1, and this provider needs protocol 2 .*Install the relay files/,
    );
  });
});

describe("a relay on nchan's memory store is never trusted with the journal", () => {
  it("is refused before a create opens a channel, naming the Redis store as the fix", async () => {
    server = await relayAnswering(PING_MEMORY, "202 Accepted");
    const callbacks = new RelayCallbacks(settingsOf(server), () => undefined);
    await expect(callbacks.ready()).rejects.toThrow(
      /keeps its messages in nginx's memory .*Use the Redis store: copy store-redis.conf over store.conf/,
    );
    expect(server.requests.map((head) => head.split(" ")[1])).toEqual(["/jod-relay/ping"]);
  });

  it("reads an empty journal as no entry only when the store is Redis", async () => {
    server = await relayAnswering(PING_REDIS, "403 Forbidden");
    await expect(new RelayDeploymentJournal(settingsOf(server)).read("urn:x")).resolves.toBe(
      undefined,
    );
  });

  it("throws, rather than reading no entry, when an empty journal sits in memory", async () => {
    server = await relayAnswering(PING_MEMORY, "403 Forbidden");
    const read = new RelayDeploymentJournal(settingsOf(server)).read("urn:x");
    await expect(read).rejects.toBeInstanceOf(JournalError);
    await expect(read).rejects.toThrow(/has no entry, which it cannot vouch for: .*Redis store/);
  });
});
