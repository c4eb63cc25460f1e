import { useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator({ callbackDelayMs: 20 });

test("the callbackDelayMs fault overrides the emulator's delay", async () => {
  ctx.emulator.setFaults({ callbackDelayMs: 400 });
  const sent = Date.now();

  await ctx.deploy();

  // Not before the fault's delay: a lower bound, which a slow machine cannot break.
  await ctx.receiver.nextCallback();
  expect(Date.now() - sent).toBeGreaterThanOrEqual(390);
});

test("without the fault, callbacks follow the emulator's callbackDelayMs", async () => {
  await ctx.deploy();

  await expect(ctx.receiver.nextCallback(1000)).resolves.toMatchObject({
    body: { it: "worked" },
  });
});
