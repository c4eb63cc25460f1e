import { createJodClient } from "../../provider/src/client/jod-client";
import { fastClient, testIo, validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import { fakeFetch } from "../helpers/scripted-fake-fetch";
import { reply, startScriptedJodServer } from "../helpers/scripted-jod-server";
import { AWKWARD_API_KEY, TEST_API_KEY } from "../helpers/scripted-key-scan";

describe("the request the client sends", () => {
  it("is a form-encoded POST to /deploy-recorder with exactly the documented fields", async () => {
    const server = await startScriptedJodServer([reply(200, WORKED)]);
    try {
      await fastClient(server.url).client.deployRecorders(
        validRequest({ recorders: 28, duration: 720, location: "blr" }),
      );
      const [request] = server.requests;
      expect(request.method).toBe("POST");
      expect(request.url).toBe("/deploy-recorder");
      expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(request.headers.accept).toBe("application/json");
      expect([...request.form.entries()]).toEqual([
        ["apiKey", TEST_API_KEY],
        ["domain", "meet.example.com"],
        ["recorders", "28"],
        ["duration", "720"],
        ["location", "blr"],
        ["callback_url", "https://example.com/jod-callback"],
      ]);
    } finally {
      await server.stop();
    }
  });

  it("encodes special characters so they arrive unchanged", async () => {
    const callbackUrl = "https://example.com/cb?stack=dev&name=a+b%20c";
    const server = await startScriptedJodServer([reply(200, WORKED)]);
    try {
      await fastClient(server.url).client.deployRecorders(
        validRequest({ apiKey: AWKWARD_API_KEY, callbackUrl }),
      );
      const { form } = server.requests[0];
      expect(form.get("apiKey")).toBe(AWKWARD_API_KEY);
      expect(form.get("callback_url")).toBe(callbackUrl);
    } finally {
      await server.stop();
    }
  });

  it("puts the API key only in the body: not in the URL or any header", async () => {
    const server = await startScriptedJodServer([reply(200, WORKED)]);
    try {
      await fastClient(server.url).client.deployRecorders(validRequest());
      const [request] = server.requests;
      expect(request.url).not.toContain(TEST_API_KEY);
      expect(JSON.stringify(request.headers)).not.toContain(TEST_API_KEY);
      expect(request.body).toContain(`apiKey=${TEST_API_KEY}`);
    } finally {
      await server.stop();
    }
  });

  it.each(["", "/", "//"])(
    "joins the endpoint and the path when the endpoint ends in %j",
    async (suffix) => {
      const server = await startScriptedJodServer([reply(200, WORKED)]);
      try {
        await fastClient(`${server.url}${suffix}`).client.deployRecorders(validRequest());
        expect(server.requests[0].url).toBe("/deploy-recorder");
      } finally {
        await server.stop();
      }
    },
  );

  it("keeps a path prefix of the endpoint", async () => {
    const server = await startScriptedJodServer([reply(200, WORKED)]);
    try {
      await fastClient(`${server.url}/jod/v1/`).client.deployRecorders(validRequest());
      expect(server.requests[0].url).toBe("/jod/v1/deploy-recorder");
    } finally {
      await server.stop();
    }
  });

  it("posts to https://api.jod.sh/deploy-recorder when no endpoint is given", async () => {
    const { fetch, calls } = fakeFetch([{ status: 200, body: WORKED }]);
    await createJodClient({}, testIo({ fetch })).deployRecorders(validRequest());
    expect(calls.map((call) => call.url)).toEqual(["https://api.jod.sh/deploy-recorder"]);
  });
});
