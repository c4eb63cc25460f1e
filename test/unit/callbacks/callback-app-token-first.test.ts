import net from "node:net";
import {
  CALLBACK_PATH_PREFIX,
  CallbackRegistry,
} from "../../../provider/src/callbacks/callback-registry";
import { CALLBACK_BODY_LIMIT_BYTES } from "../../../provider/src/callbacks/callback-app";
import { successCallback } from "../../helpers/unit-callback-bodies";
import { serveCallbackApp } from "../../helpers/unit-callback-server";

/**
 * Sends a POST's request line and headers announcing a body of `contentLength` bytes, and none
 * of the body: resolves with what the server answered once it closed the connection.
 */
function postHeadersOnly(baseUrl: string, token: string, contentLength: number): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve(answer));
    socket.on("connect", () =>
      socket.write(
        `POST ${CALLBACK_PATH_PREFIX}/${token} HTTP/1.1\r\nHost: ${hostname}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`,
      ),
    );
  });
}

describe("the callback app checks the token before it reads a body", () => {
  const registry = new CallbackRegistry();
  let server: Awaited<ReturnType<typeof serveCallbackApp>>;
  beforeAll(async () => {
    server = await serveCallbackApp(registry);
  });
  afterAll(() => server.close());

  it("answers an unknown token at once, without the body, and closes the connection", async () => {
    // No body byte is ever sent: an answer proves the app did not wait for (or parse) one.
    const answer = await postHeadersOnly(server.baseUrl, "forged-token", CALLBACK_BODY_LIMIT_BYTES);
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(answer).toContain('{"result":"unknown-token"}');
  });

  it("reads the body of a waiting token (the same request then waits for it)", async () => {
    const pending = registry.register();
    try {
      const answer = postHeadersOnly(server.baseUrl, pending.token, 100);
      const early = await Promise.race([
        answer,
        new Promise((resolve) => setTimeout(resolve, 300, "still reading")),
      ]);
      expect(early).toBe("still reading");
    } finally {
      pending.dispose();
    }
  });

  it("says why a waiting token's callback is invalid, naming the recorder address", async () => {
    const pending = registry.register();
    pending.expectDeployment("dep-1");
    try {
      const reasons: string[] = [];
      const body = successCallback("dep-1", ["203.0.113.5", "169.254.1.1"]);
      expect(registry.deliver(pending.token, body, (problem) => reasons.push(problem))).toBe(
        "invalid-body",
      );
      expect(reasons).toEqual([
        "recorder_ip 169.254.1.1 is a link-local address, which no firewall rule should open: " +
          "recorder addresses must be unicast and routable (private ranges are allowed)",
      ]);
      // The deployment still waits for a valid callback.
      expect(registry.deliver(pending.token, successCallback("dep-1"))).toBe("accepted");
    } finally {
      pending.dispose();
    }
  });
});
