import { RelayClient } from "../../../provider/src/relay";
import { relayUrl } from "../../../provider/src/relay-http";
import { serveRaw } from "../../helpers/relay-faults";

const SECRET = "ab".repeat(32);
const TOKEN = "cd".repeat(32);

describe("joining the relay's base URL and a path", () => {
  it.each([
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080/ping"],
    ["http://127.0.0.1:8080/", "http://127.0.0.1:8080/ping"],
    ["https://meet.example.com/jod-relay", "https://meet.example.com/jod-relay/ping"],
    ["https://meet.example.com/jod-relay//", "https://meet.example.com/jod-relay/ping"],
    ["https://meet.example.com/a/jod-relay", "https://meet.example.com/a/jod-relay/ping"],
  ])("%s + /ping is %s (never //ping, which names a host)", (base, joined) => {
    const url = relayUrl(base, "/ping");
    expect(url.href).toBe(joined);
    expect(url.host).toBe(new URL(base).host);
  });

  it("gives JOD a callback URL without a doubled slash", () => {
    const client = new RelayClient({
      baseUrl: "https://meet.example.com/jod-relay/",
      secret: SECRET,
    });
    expect(client.callbackUrl(TOKEN)).toBe(`https://meet.example.com/jod-relay/callback/${TOKEN}`);
  });

  it("sends a request for a base URL without a path to that host, not to a host named after the path", async () => {
    const ping = '{"relay":"pulumi-jod","protocol":2,"store":"redis"}';
    const server = await serveRaw((_head, socket) =>
      socket.end(`HTTP/1.1 200 OK\r\nContent-Length: ${ping.length}\r\n\r\n${ping}`),
    );
    try {
      await new RelayClient({ baseUrl: server.origin, secret: SECRET }).ping();
      expect(server.requests.map((head) => head.split("\r\n")[0])).toEqual(["GET /ping HTTP/1.1"]);
    } finally {
      await server.close();
    }
  });
});
