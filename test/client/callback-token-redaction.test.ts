import { CALLBACK_PATH_PREFIX } from "../../provider/src/callbacks/callback-registry";
import type { JodError } from "../../provider/src/errors";
import { fastClient, validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import {
  reply,
  startScriptedJodServer,
  type RecordedRequest,
  type ScriptStep,
} from "../helpers/scripted-jod-server";
import { everythingAbout, rejectionOf } from "../helpers/scripted-key-scan";

// The callback token is the capability to settle a deployment; JOD's messages end up in errors
// and in the unencrypted `message` output, so a JOD that quotes the callback URL must not leak it.
const TOKEN = "q3Xz9_Lr-2bKc8VtYp1nW4eHs6uJd0aFg7iMoRkQ5lE";
const CALLBACK_URL = `https://cb.example.com${CALLBACK_PATH_PREFIX}/${TOKEN}`;
const echoed = (request: RecordedRequest) => request.form.get("callback_url") ?? "";

const FAILURES: Array<[string, (request: RecordedRequest) => ScriptStep]> = [
  [
    "a refusal quoting the callback URL",
    (request) => reply(401, { it: "failed", message: `no key for ${echoed(request)}` }),
  ],
  [
    "a rejection quoting the callback URL",
    (request) => reply(200, { it: "failed", message: `cannot reach ${echoed(request)}` }),
  ],
  [
    "a 500 quoting the callback URL",
    (request) => reply(500, { it: "failed", message: `failed calling ${echoed(request)}` }),
  ],
  [
    "an HTML page with the callback URL",
    (request) => reply(502, `<html><p>upstream ${echoed(request)}</p></html>`),
  ],
  [
    "the callback URL form-encoded in a plain-text body",
    (request) =>
      reply(400, new URLSearchParams({ callback_url: echoed(request) }).toString(), {
        headers: { "Content-Type": "text/plain" },
      }),
  ],
  [
    "a redirect to the callback URL",
    (request) => reply(302, "", { headers: { Location: echoed(request) } }),
  ],
];

describe("the callback token never shows in what the client returns or throws", () => {
  it.each(FAILURES)("%s", async (_name, step) => {
    const server = await startScriptedJodServer((_index, request) => step(request));
    try {
      const { client, warnings } = fastClient(server.url);
      const error = await rejectionOf(
        client.deployRecorders(validRequest({ callbackUrl: CALLBACK_URL })),
      );
      expect(server.requests[0].form.get("callback_url")).toBe(CALLBACK_URL);
      expect(everythingAbout(error)).not.toContain(TOKEN);
      expect((error as JodError).message).toMatch(/\[redacted\]/);
      expect(warnings.join("\n")).not.toContain(TOKEN);
    } finally {
      await server.stop();
    }
  });

  it("in JOD's success message, which becomes the resource's message output", async () => {
    const server = await startScriptedJodServer((_index, request) =>
      reply(200, { ...WORKED, message: `we will call ${echoed(request)} soon` }),
    );
    try {
      const result = await fastClient(server.url).client.deployRecorders(
        validRequest({ callbackUrl: CALLBACK_URL }),
      );
      expect(result.message).toBe(
        `we will call https://cb.example.com${CALLBACK_PATH_PREFIX}/[redacted] soon`,
      );
    } finally {
      await server.stop();
    }
  });

  it("for a callback URL of another shape, whose token is its last segment", async () => {
    const url = `https://hooks.example.com/pulumi-jod/${TOKEN}`;
    const server = await startScriptedJodServer((_index, request) =>
      reply(200, { it: "failed", message: `bad callback_url ${echoed(request)}` }),
    );
    try {
      const error = await rejectionOf(
        fastClient(server.url).client.deployRecorders(validRequest({ callbackUrl: url })),
      );
      expect(everythingAbout(error)).not.toContain(TOKEN);
      expect((error as JodError).jodMessage).toBe(
        "bad callback_url https://hooks.example.com/pulumi-jod/[redacted]",
      );
    } finally {
      await server.stop();
    }
  });
});
