import { expectRefused, TEST_API_KEY, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("an unknown API key answers 401 invalid API Key and deploys nothing", async () => {
  const reply = await ctx.deploy({ apiKey: "JOD-00000000-0000-0000-0000-000000000000" });

  expectRefused(ctx.emulator, reply, 401, "invalid API Key");
  await ctx.emulator.whenCallbacksIdle();
  expect(ctx.receiver.received).toEqual([]);
});

test("keys are compared exactly: a different case is another key", async () => {
  const reply = await ctx.deploy({ apiKey: TEST_API_KEY.toUpperCase() });

  expect(reply.status).toBe(401);
});
