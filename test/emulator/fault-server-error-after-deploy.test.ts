import { TEST_API_KEY, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("serverErrorAfterDeployNext: answers 500 although the deployment went ahead", async () => {
  ctx.emulator.setFaults({ serverErrorAfterDeployNext: 1 });

  const reply = await ctx.deploy();

  expect(reply.status).toBe(500);
  expect(reply.json).toEqual({ it: "failed", message: "internal server error" });
  const [deployment] = ctx.emulator.deployments();
  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(9.8);
  const callback = await ctx.receiver.nextCallback();
  expect(callback.body).toMatchObject({
    it: "worked",
    deployment_info: { deployment_id: deployment.deploymentId },
  });
  expect(ctx.emulator.requests()[0]).toMatchObject({
    status: 500,
    deploymentId: deployment.deploymentId,
  });
});

test("the counter is only spent by requests that deploy", async () => {
  ctx.emulator.setFaults({ serverErrorAfterDeployNext: 1 });

  const rejected = await ctx.deploy({ apiKey: "JOD-unknown-key-0000" });
  const deployed = await ctx.deploy();
  const normal = await ctx.deploy();

  expect([rejected.status, deployed.status, normal.status]).toEqual([401, 500, 200]);
});
