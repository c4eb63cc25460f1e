import { TEST_API_KEY, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator({ capacity: { lon: 3 } });

test("a deployment over the location's capacity is accepted, then fails by callback and is refunded", async () => {
  const fits = await ctx.deploy();
  expect((await ctx.receiver.nextCallback()).body).toMatchObject({ it: "worked" });

  const tooMany = await ctx.deploy();

  // The HTTP answer cannot know yet: it is the documented success.
  expect(tooMany.status).toBe(200);
  expect(tooMany.json).toMatchObject({ it: "worked", balance: 9.6 });
  const callback = await ctx.receiver.nextCallback();
  expect(callback.body).toEqual({
    it: "failed",
    message: "recorders not available in specified location",
  });
  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(9.8);
  expect(ctx.emulator.deployment(String(tooMany.json?.deployment_id))).toMatchObject({
    status: "failed",
    recorders: [],
    refunded: true,
  });
  expect(ctx.emulator.deployment(String(fits.json?.deployment_id))?.status).toBe("succeeded");
});

test("failed deployments hold no capacity, and other locations are not affected", async () => {
  await ctx.deploy({ recorders: "4" });
  expect((await ctx.receiver.nextCallback()).body).toMatchObject({ it: "failed" });

  await ctx.deploy({ recorders: "3" });
  expect((await ctx.receiver.nextCallback()).body).toMatchObject({ it: "worked" });

  await ctx.deploy({ location: "ams" });
  expect((await ctx.receiver.nextCallback()).body).toMatchObject({ it: "worked" });
});

test("capacity is reserved at request time, so concurrent requests cannot oversell", async () => {
  const replies = await Promise.all([1, 2, 3].map(() => ctx.deploy({ recorders: "2" })));
  expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
  await ctx.emulator.whenCallbacksIdle();

  const outcomes = ctx.emulator.deployments().map((deployment) => deployment.status);
  expect(outcomes.filter((status) => status === "succeeded")).toHaveLength(1);
  expect(outcomes.filter((status) => status === "failed")).toHaveLength(2);
});
