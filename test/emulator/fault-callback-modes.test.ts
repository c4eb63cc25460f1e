import { TEST_API_KEY, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("callbackMode failure: sends the failure callback and refunds", async () => {
  ctx.emulator.setFaults({ callbackMode: "failure" });

  const reply = await ctx.deploy();

  expect(reply.json?.it).toBe("worked");
  expect((await ctx.receiver.nextCallback()).body).toEqual({
    it: "failed",
    message: "recorders not available in specified location",
  });
  await ctx.emulator.whenCallbacksIdle();
  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(10);
  expect(ctx.emulator.deployments()[0]).toMatchObject({ status: "failed", refunded: true });
});

test("callbackMode duplicate: sends the same success callback twice", async () => {
  ctx.emulator.setFaults({ callbackMode: "duplicate" });

  const reply = await ctx.deploy();

  const first = await ctx.receiver.nextCallback();
  const second = await ctx.receiver.nextCallback();
  expect(first.body).toMatchObject({
    it: "worked",
    deployment_info: { deployment_id: reply.json?.deployment_id },
  });
  expect(second.rawBody).toBe(first.rawBody);
  await ctx.emulator.whenCallbacksIdle();
  expect(ctx.emulator.deployments()[0].callbacksSent).toBe(2);
});

test("callbackMode drop: deploys but never calls back", async () => {
  ctx.emulator.setFaults({ callbackMode: "drop" });

  const reply = await ctx.deploy();
  await ctx.emulator.whenCallbacksIdle();

  expect(reply.json?.it).toBe("worked");
  expect(ctx.receiver.received).toEqual([]);
  const [deployment] = ctx.emulator.deployments();
  expect(deployment).toMatchObject({ status: "dropped", callbacksSent: 0, refunded: false });
  expect(deployment.recorders).toHaveLength(2);
});

test("callbackMode wrong-deployment-id: the success callback names another deployment", async () => {
  ctx.emulator.setFaults({ callbackMode: "wrong-deployment-id" });

  const reply = await ctx.deploy();
  const callback = await ctx.receiver.nextCallback();

  const announced = (callback.body as { deployment_info: { deployment_id: string } })
    .deployment_info.deployment_id;
  expect(callback.body).toMatchObject({ it: "worked" });
  expect(announced).toEqual(expect.any(String));
  expect(announced).not.toBe(reply.json?.deployment_id);
});

test("the mode is taken when the request arrives, not when the callback is sent", async () => {
  ctx.emulator.setFaults({ callbackMode: "failure", callbackDelayMs: 100 });

  await ctx.deploy();
  ctx.emulator.clearFaults();

  expect((await ctx.receiver.nextCallback()).body).toMatchObject({ it: "failed" });
});
