import { expectRefused, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("serverErrorNext: the request answers 500 and nothing is deployed or charged", async () => {
  ctx.emulator.setFaults({ serverErrorNext: 1 });

  const failed = await ctx.deploy();

  expectRefused(ctx.emulator, failed, 500, "internal server error");
  await ctx.emulator.whenCallbacksIdle();
  expect(ctx.receiver.received).toEqual([]);

  const next = await ctx.deploy();
  expect(next.status).toBe(200);
});
