import { CALLBACK_BODY_LIMIT_BYTES } from "../../../provider/src/callbacks/callback-app";
import { CALLBACK_PATH_PREFIX } from "../../../provider/src/callbacks/callback-registry";
import { CallbackRegistry } from "../../../provider/src/callbacks/callback-registry";
import { successCallback } from "../../helpers/unit-callback-bodies";
import { serveCallbackApp } from "../../helpers/unit-callback-server";
import { postJson, request } from "../../helpers/unit-http";

describe("callback app refusals", () => {
  const registry = new CallbackRegistry();
  let server: Awaited<ReturnType<typeof serveCallbackApp>>;
  beforeAll(async () => {
    server = await serveCallbackApp(registry);
  });
  afterAll(() => server.close());

  it("answers 404 to an unknown token", async () => {
    const answer = await postJson(server.urlFor("no-such-token"), successCallback("dep-1"));
    expect(answer).toMatchObject({ status: 404, body: { result: "unknown-token" } });
  });

  it.each(["GET", "PUT", "DELETE", "PATCH"])(
    "answers %s on the callback route with 405 and Allow: POST",
    async (method) => {
      const pending = registry.register();
      const answer = await request(server.urlFor(pending.token), { method });
      expect(answer.status).toBe(405);
      expect(answer.headers.get("allow")).toBe("POST");
      pending.dispose();
    },
  );

  it.each([
    ["the root", "/"],
    ["the prefix without a token", CALLBACK_PATH_PREFIX],
    ["a deeper path", `${CALLBACK_PATH_PREFIX}/a/b`],
    ["another path", "/callback/abc"],
  ])("answers 404 on %s", async (_name, path) => {
    const answer = await postJson(`${server.baseUrl}${path}`, successCallback("dep-1"));
    expect(answer).toMatchObject({ status: 404, body: { result: "not-found" } });
  });

  it("answers 413 to a body over the limit and never reaches the registry", async () => {
    const pending = registry.register();
    pending.expectDeployment("dep-1");
    const padded = { ...successCallback("dep-1"), padding: "x".repeat(CALLBACK_BODY_LIMIT_BYTES) };
    const answer = await postJson(server.urlFor(pending.token), padded);
    expect(answer).toMatchObject({ status: 413, body: { result: "too-large" } });
    expect(server.deliveries).toContain("too-large");
    // The deployment is still waiting: the oversized body settled nothing.
    expect(registry.deliver(pending.token, successCallback("dep-1"))).toBe("accepted");
    pending.dispose();
  });

  it.each([
    ["text", "deployment successful"],
    ["truncated JSON", '{"it":"worked"'],
    ["a JSON string", '"worked"'],
  ])("answers 400 to %s", async (_name, body) => {
    const pending = registry.register();
    const answer = await request(server.urlFor(pending.token), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(answer).toMatchObject({ status: 400, body: { result: "not-json" } });
    pending.dispose();
  });

  it("answers 400 to JSON that is not a JOD callback", async () => {
    const pending = registry.register();
    const answer = await postJson(server.urlFor(pending.token), { it: "worked" });
    expect(answer).toMatchObject({ status: 400, body: { result: "invalid-body" } });
    pending.dispose();
  });

  it("does not say it runs express", async () => {
    const answer = await request(`${server.baseUrl}/`);
    expect(answer.headers.get("x-powered-by")).toBeNull();
  });
});
