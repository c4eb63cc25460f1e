import { TEST_API_KEY, TEST_DOMAIN, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator({ pricePerRecorderHour: 0.25 });

test("a valid request is charged recorders × duration × price and recorded as pending", async () => {
  const reply = await ctx.deploy({ recorders: "3", duration: "2", location: "ams" });

  expect(reply.status).toBe(200);
  expect(reply.json?.balance).toBe(10 - 3 * 2 * 0.25);
  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(8.5);
  const deploymentId = reply.json?.deployment_id;
  expect(ctx.emulator.deployment(String(deploymentId))).toMatchObject({
    deploymentId,
    apiKeyFingerprint: "JOD-…2037",
    domain: TEST_DOMAIN,
    recorderCount: 3,
    duration: 2,
    location: "ams",
    callbackUrl: ctx.receiver.url,
    status: "pending",
    recorders: [],
    callbacksSent: 0,
    cost: 1.5,
    refunded: false,
  });
});

test("each deployment gets its own id and balances keep dropping", async () => {
  const first = await ctx.deploy();
  const second = await ctx.deploy();

  expect(first.json?.deployment_id).not.toBe(second.json?.deployment_id);
  expect(first.json?.balance).toBe(9.5);
  expect(second.json?.balance).toBe(9);
  expect(ctx.emulator.deployments()).toHaveLength(2);
});
