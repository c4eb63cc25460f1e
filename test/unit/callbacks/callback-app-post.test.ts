import { CallbackRegistry } from "../../../provider/src/callbacks/callback-registry";
import { failureCallback, successCallback } from "../../helpers/unit-callback-bodies";
import { serveCallbackApp } from "../../helpers/unit-callback-server";
import { postJson, request } from "../../helpers/unit-http";

describe("callback app: POST /jod/callback/:token", () => {
  it("answers 200 accepted for the expected deployment and settles the wait", async () => {
    const registry = new CallbackRegistry();
    const server = await serveCallbackApp(registry);
    try {
      const pending = registry.register();
      pending.expectDeployment("dep-1");
      const answer = await postJson(server.urlFor(pending.token), successCallback("dep-1"));
      expect(answer).toMatchObject({ status: 200, body: { result: "accepted" } });
      await expect(pending.wait(1_000)).resolves.toMatchObject({ deploymentId: "dep-1" });
      expect(server.deliveries).toEqual(["accepted"]);
    } finally {
      await server.close();
    }
  });

  it("answers 202 buffered when the callback comes before JOD's answer", async () => {
    const registry = new CallbackRegistry();
    const server = await serveCallbackApp(registry);
    try {
      const pending = registry.register();
      const answer = await postJson(server.urlFor(pending.token), failureCallback());
      expect(answer).toMatchObject({ status: 202, body: { result: "buffered" } });
    } finally {
      await server.close();
    }
  });

  it("answers 200 duplicate to a repeated callback", async () => {
    const registry = new CallbackRegistry();
    const server = await serveCallbackApp(registry);
    try {
      const pending = registry.register();
      pending.expectDeployment("dep-1");
      await postJson(server.urlFor(pending.token), successCallback("dep-1"));
      const again = await postJson(server.urlFor(pending.token), successCallback("dep-1"));
      expect(again).toMatchObject({ status: 200, body: { result: "duplicate" } });
    } finally {
      await server.close();
    }
  });

  it("answers 409 to a callback for another deployment", async () => {
    const registry = new CallbackRegistry();
    const server = await serveCallbackApp(registry);
    try {
      const pending = registry.register();
      pending.expectDeployment("dep-1");
      const answer = await postJson(server.urlFor(pending.token), successCallback("dep-2"));
      expect(answer).toMatchObject({ status: 409, body: { result: "wrong-deployment" } });
    } finally {
      await server.close();
    }
  });

  it("takes JSON whatever content type JOD sends", async () => {
    const registry = new CallbackRegistry();
    const server = await serveCallbackApp(registry);
    try {
      const pending = registry.register();
      pending.expectDeployment("dep-1");
      const answer = await request(server.urlFor(pending.token), {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: JSON.stringify(successCallback("dep-1")),
      });
      expect(answer.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
