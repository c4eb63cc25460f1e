import { createInProcessProvider, createInputs } from "../helpers/reliability-in-process-provider";
import { postJson } from "../helpers/unit-http";
import { reply, startScriptedJodServer } from "../helpers/scripted-jod-server";
import { successCallback } from "../helpers/unit-callback-bodies";

const REAL_ID = "dep-real-0001";

/**
 * Before JOD's HTTP answer the provider cannot tell which deployment id is its own, so it keeps
 * callbacks aside. One for another deployment, arriving first, must not shut out the real one.
 */
describe("a callback for another deployment that arrives before JOD's answer", () => {
  it("is dropped once the answer names the real deployment, which is then taken", async () => {
    const statuses: number[] = [];
    let callbacks: Promise<void> = Promise.resolve();
    const jod = await startScriptedJodServer((_index, request) => {
      const callbackUrl = request.form.get("callback_url") as string;
      // Both callbacks land while the HTTP answer is held back (until they were answered).
      callbacks = (async () => {
        statuses.push(
          (await postJson(callbackUrl, successCallback("dep-stray", ["198.51.100.7"]))).status,
        );
        statuses.push(
          (await postJson(callbackUrl, successCallback(REAL_ID, ["203.0.113.8"]))).status,
        );
      })();
      return reply(
        200,
        { it: "worked", message: "ok", balance: 9, deployment_id: REAL_ID },
        { after: callbacks },
      );
    });
    try {
      const { provider, logs } = createInProcessProvider(jod.url);
      const created = await provider.create(createInputs({ timeoutSeconds: 10 }));
      await callbacks;
      expect(statuses).toEqual([202, 202]);
      expect(created.id).toBe(REAL_ID);
      expect(created.outs).toMatchObject({
        status: "ready",
        deployedRecorders: [{ id: "rec-1", ip: "203.0.113.8" }],
      });
      expect(logs.filter((line) => line === "jod: callback endpoint: accepted")).toEqual([]);
      expect(jod.requests).toHaveLength(1);
    } finally {
      await jod.stop();
    }
  });
});
