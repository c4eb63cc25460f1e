import { fastClient, validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import {
  closedPortUrl,
  cutBody,
  destroySocket,
  reply,
  stall,
  startScriptedJodServer,
  type RecordedRequest,
  type ScriptStep,
} from "../helpers/scripted-jod-server";
import {
  AWKWARD_API_KEY,
  expectNoApiKey,
  rejectionOf,
  TEST_API_KEY,
} from "../helpers/scripted-key-scan";

/** Servers that echo the key they received in every place an error could pick it up from. */
const ECHOING_SERVERS: Array<[string, (request: RecordedRequest) => ScriptStep]> = [
  ...[401, 402, 406, 500, 503].map((status): [string, (r: RecordedRequest) => ScriptStep] => [
    `HTTP ${status} with the key in its message`,
    (request) => reply(status, { it: "failed", message: `bad key ${request.form.get("apiKey")}` }),
  ]),
  [
    "200 failed with the key in its message",
    (request) => reply(200, { it: "failed", message: `key=${request.form.get("apiKey")}` }),
  ],
  [
    "an HTML page with the key in it",
    (request) => reply(200, `<html><p>${request.form.get("apiKey")}</p></html>`),
  ],
  [
    "the raw form body echoed back (form-encoded key)",
    (request) => reply(200, request.body, { headers: { "Content-Type": "text/plain" } }),
  ],
  [
    "a body starting with the key (a JSON parser would quote it)",
    (request) => reply(200, `${request.form.get("apiKey")} is not allowed`),
  ],
  [
    "JSON with the key in an unexpected shape",
    (request) => reply(200, { it: "maybe", key: request.form.get("apiKey") }),
  ],
  ["a 404 echoing the key", (request) => reply(404, `no route for ${request.form.get("apiKey")}`)],
  [
    "a redirect with the key in its Location",
    (request) =>
      reply(302, "", {
        headers: { Location: `/login?key=${encodeURIComponent(request.form.get("apiKey") ?? "")}` },
      }),
  ],
  [
    "a body cut off after the key",
    (request) => cutBody(200, `{"message":${JSON.stringify(request.form.get("apiKey"))},"it`),
  ],
  ["a dropped connection", () => destroySocket()],
  ["a stalled answer", () => stall()],
];

describe.each([
  ["a plain key", TEST_API_KEY],
  ["a key with characters every encoding changes", AWKWARD_API_KEY],
])("with %s", (_name, apiKey) => {
  it.each(ECHOING_SERVERS)("no error exposes the key: %s", async (_case, answer) => {
    const server = await startScriptedJodServer((_index, request) => answer(request));
    try {
      const { client, warnings } = fastClient(server.url, { timeoutMs: 200, retries: 1 });
      await rejectionOf(client.deployRecorders(validRequest({ apiKey })), apiKey);
      expectNoApiKey(new Error(warnings.join("\n")), apiKey);
      expect(server.requests[0].form.get("apiKey")).toBe(apiKey);
    } finally {
      await server.stop();
    }
  });

  it("a successful result does not expose a key JOD echoed in its message", async () => {
    const server = await startScriptedJodServer((_index, request) =>
      reply(200, { ...WORKED, message: `deployed for ${request.form.get("apiKey")}` }),
    );
    try {
      const result = await fastClient(server.url).client.deployRecorders(validRequest({ apiKey }));
      expect(result.message).toBe("deployed for [redacted]");
    } finally {
      await server.stop();
    }
  });

  it("no error exposes the key when nothing could connect", async () => {
    const { client } = fastClient(await closedPortUrl(), { retries: 1 });
    await rejectionOf(client.deployRecorders(validRequest({ apiKey })), apiKey);
  });
});

describe("the key scan itself", () => {
  it("catches a key hidden in a cause, a non-enumerable field or a fragment", () => {
    const inCause = new Error("outer", { cause: new Error(`inner ${TEST_API_KEY}`) });
    const hidden = new Error("plain");
    Object.defineProperty(hidden, "secret", { value: TEST_API_KEY, enumerable: false });
    const fragment = new Error(
      `Unexpected token, "${TEST_API_KEY.slice(0, 10)}"... is not valid JSON`,
    );
    for (const error of [inCause, hidden, fragment]) {
      expect(() => expectNoApiKey(error)).toThrow("exposes part of the API key");
    }
  });
});
