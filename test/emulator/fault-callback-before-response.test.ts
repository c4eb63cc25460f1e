import { useEmulator } from "../helpers/emulator-test-fixture";

// A long normal delay shows that the early callback does not come from the timer.
const ctx = useEmulator({ callbackDelayMs: 10_000 });

test("callbackBeforeResponse: the callback is delivered before the HTTP answer", async () => {
  ctx.emulator.setFaults({ callbackBeforeResponse: true });

  const reply = await ctx.deploy();

  expect(reply.status).toBe(200);
  expect(ctx.receiver.received).toHaveLength(1);
  expect(ctx.receiver.received[0].body).toMatchObject({
    it: "worked",
    deployment_info: { deployment_id: reply.json?.deployment_id },
  });
});
