import { successCallback } from "../../helpers/unit-callback-bodies";
import { accepted, configuredEnv, createUnitProvider } from "../../helpers/unit-provider-harness";
import { postJson } from "../../helpers/unit-http";
import { identifiedInputs, settled } from "../../helpers/unit-resume";

/**
 * Without a relay JOD calls back once, at the URL the buying run gave it. A resume whose
 * listener is served elsewhere (a random port, the default) ends at once `awaiting-callback`
 * with the deployment's id instead of waiting out `timeoutSeconds` for a callback that cannot
 * come; one served at the same URL (a fixed port and public URL) still takes it.
 */
describe("a direct-mode resume of an accepted deployment", () => {
  it("on another listener URL, keeps the deployment at once without waiting", async () => {
    const inputs = identifiedInputs("direct/random-port", { timeoutSeconds: 1 });
    const first = createUnitProvider({ script: async () => accepted("dep-1") });
    await settled(first.provider.create(inputs));

    const resumed = createUnitProvider({ script: async () => accepted("dep-2") });
    // A wait would last 900 s, far past this test's timeout.
    const result = await settled(resumed.provider.create({ ...inputs, timeoutSeconds: 900 }));
    expect(resumed.requests).toHaveLength(0);
    expect(result).toMatchObject({ id: "dep-1", properties: { status: "awaiting-callback" } });
    expect((result as Error).message).toContain("its callback cannot arrive here");
  });

  it("on the same listener URL, waits for the callback and takes it", async () => {
    const port = 20_000 + (process.pid % 20_000);
    const env = {
      ...configuredEnv(),
      JOD_CALLBACK_LISTEN: `127.0.0.1:${port}`,
      JOD_CALLBACK_URL: `http://127.0.0.1:${port}`,
    };
    const inputs = identifiedInputs("direct/fixed-port", { timeoutSeconds: 1 });
    const first = createUnitProvider({ env, script: async () => accepted("dep-1") });
    await settled(first.provider.create(inputs));
    const [{ callbackUrl }] = first.requests;

    const resumed = createUnitProvider({ env, script: async () => accepted("dep-2") });
    const result = settled(resumed.provider.create({ ...inputs, timeoutSeconds: 60 }));
    // JOD's late callback, at the URL the first run gave it.
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await postJson(callbackUrl, successCallback("dep-1")).then(
        (answer) => answer.status,
        () => 0,
      );
    }
    expect(status).toBe(200);
    expect(await result).toMatchObject({ id: "dep-1", outs: { status: "ready" } });
    expect(resumed.requests).toHaveLength(0);
  });
});
