import { expectRefused, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("failedNext: answers 200 with it=failed and deploys nothing", async () => {
  ctx.emulator.setFaults({ failedNext: 1 });

  const reply = await ctx.deploy();

  expectRefused(ctx.emulator, reply, 200, "deployment could not be scheduled");
  const next = await ctx.deploy();
  expect(next.json?.it).toBe("worked");
});
