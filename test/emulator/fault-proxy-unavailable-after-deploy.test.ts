import { TEST_API_KEY, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("proxyUnavailableAfterDeployNext: deploys and charges, then answers a proxy's HTML 503", async () => {
  ctx.emulator.setFaults({ proxyUnavailableAfterDeployNext: 1 });

  const reply = await ctx.deploy();

  expect(reply).toMatchObject({ status: 503, contentType: expect.stringMatching(/^text\/html/) });
  expect(reply.text).toContain("<title>503 Service Temporarily Unavailable</title>");
  expect(reply.json).toBeUndefined();
  const [deployment] = ctx.emulator.deployments();
  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(9.8);
  const callback = await ctx.receiver.nextCallback();
  expect(callback.body).toMatchObject({
    it: "worked",
    deployment_info: { deployment_id: deployment.deploymentId },
  });
  expect(ctx.emulator.requests()[0]).toMatchObject({
    status: 503,
    message: null,
    deploymentId: deployment.deploymentId,
  });
});

test("the counter is only spent by requests that deploy, each of which is charged", async () => {
  ctx.emulator.setFaults({ proxyUnavailableAfterDeployNext: 2 });

  const rejected = await ctx.deploy({ apiKey: "JOD-unknown-key-0000" });
  const first = await ctx.deploy();
  const second = await ctx.deploy();
  const normal = await ctx.deploy();

  expect([rejected, first, second, normal].map((r) => r.status)).toEqual([401, 503, 503, 200]);
  expect(ctx.emulator.deployments()).toHaveLength(3);
  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(9.4);
});

test("a server error after deploying is taken first when both are set", async () => {
  ctx.emulator.setFaults({ serverErrorAfterDeployNext: 1, proxyUnavailableAfterDeployNext: 1 });

  const statuses = [];
  for (let i = 0; i < 3; i += 1) statuses.push((await ctx.deploy()).status);

  expect(statuses).toEqual([500, 503, 200]);
});
