import { TEST_API_KEY, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("a deployment costing more than the balance answers 402 and charges nothing", async () => {
  // 101 recorders × 1 hour × 0.1 = 10.1, the balance is 10.
  const reply = await ctx.deploy({ recorders: "101" });

  expect(reply.status).toBe(402);
  expect(reply.json).toEqual({ it: "failed", message: "not enough balance: need 10.1, have 10" });
  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(10);
  expect(ctx.emulator.deployments()).toEqual([]);
  await ctx.emulator.whenCallbacksIdle();
  expect(ctx.receiver.received).toEqual([]);
});

test("a deployment costing exactly the balance is accepted and leaves 0", async () => {
  const reply = await ctx.deploy({ recorders: "25", duration: "4" });

  expect(reply.status).toBe(200);
  expect(reply.json?.balance).toBe(0);
  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(0);
});
