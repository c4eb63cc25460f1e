import { postDeployRecorder } from "../helpers/emulator-deploy-client";
import { deployForm, TEST_API_KEY, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("responseDelayMs delays the answer", async () => {
  ctx.emulator.setFaults({ responseDelayMs: 300 });
  const started = Date.now();

  const reply = await ctx.deploy();

  expect(reply.status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
});

test("a client that times out during the delay still leaves a real, charged deployment", async () => {
  ctx.emulator.setFaults({ responseDelayMs: 2000 });

  await expect(
    postDeployRecorder(ctx.emulator.url, deployForm(ctx.receiver.url), {
      signal: AbortSignal.timeout(100),
    }),
  ).rejects.toThrow();

  expect(ctx.emulator.deployments()).toHaveLength(1);
  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(9.8);
  expect(ctx.emulator.requests()[0].status).toBeNull();
  const callback = await ctx.receiver.nextCallback();
  expect(callback.body).toMatchObject({ it: "worked" });
});
