import { CallbackRegistry } from "../../provider/src/callbacks/callback-registry";
import { LIMITS } from "../../provider/src/validation";
import { serveCallbackApp } from "../helpers/unit-callback-server";
import { postDeployRecorder } from "../helpers/emulator-deploy-client";
import {
  deployForm,
  TEST_API_KEY,
  TEST_DOMAIN,
  useEmulator,
} from "../helpers/emulator-test-fixture";

// The largest deployment pulumi-jod allows, in one location: the emulator's 50 per location
// must be raised for it, and the account must afford it (10,000 recorder-hours at 0.1).
const LARGEST = LIMITS.recorders.max;
const ctx = useEmulator({
  capacity: { lon: LARGEST },
  accounts: [{ apiKey: TEST_API_KEY, balance: 1_000, domains: [TEST_DOMAIN] }],
});

test(`deploys ${LARGEST} recorders in one location and its callback reaches the provider's listener with all of them`, async () => {
  const registry = new CallbackRegistry();
  const listener = await serveCallbackApp(registry);
  try {
    const pending = registry.register();
    const form = deployForm(listener.urlFor(pending.token), { recorders: String(LARGEST) });

    const reply = await postDeployRecorder(ctx.emulator.url, form);

    expect(reply.json).toMatchObject({ it: "worked", balance: 0 });
    pending.expectDeployment(String(reply.json?.deployment_id));
    const outcome = await pending.wait(10_000);
    expect(outcome.kind).toBe("success");
    const recorders = outcome.kind === "success" ? outcome.recorders : [];
    expect(recorders).toHaveLength(LARGEST);
    expect(new Set(recorders.map((recorder) => recorder.id)).size).toBe(LARGEST);
    await ctx.emulator.whenCallbacksIdle();
    const [deployment] = ctx.emulator.deployments();
    expect(deployment).toMatchObject({ status: "succeeded", recorderCount: LARGEST });
    expect(deployment.callbackDeliveries).toEqual([expect.objectContaining({ httpStatus: 200 })]);
    expect(listener.deliveries).toEqual(["accepted"]);
  } finally {
    await listener.close();
  }
});
