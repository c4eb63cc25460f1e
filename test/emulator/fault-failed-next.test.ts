import { expectNothingDeployedOrCharged, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("failedNext: answers 200 with it=failed and deploys nothing", async () => {
  ctx.emulator.setFaults({ failedNext: 1 });

  const reply = await ctx.deploy();

  expect(reply.status).toBe(200);
  expect(reply.json).toEqual({ it: "failed", message: "deployment could not be scheduled" });
  expectNothingDeployedOrCharged(ctx.emulator);
  const next = await ctx.deploy();
  expect(next.json?.it).toBe("worked");
});
