import { postDeployRecorder } from "../helpers/emulator-deploy-client";
import { deployForm, TEST_API_KEY, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("serverErrorAfterDeployNext: answers 500 although the deployment went ahead", async () => {
  ctx.emulator.setFaults({ serverErrorAfterDeployNext: 1 });

  const reply = await postDeployRecorder(ctx.emulator.url, deployForm(ctx.receiver.url));

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

  const rejected = await postDeployRecorder(
    ctx.emulator.url,
    deployForm(ctx.receiver.url, { apiKey: "JOD-unknown-key-0000" }),
  );
  const deployed = await postDeployRecorder(ctx.emulator.url, deployForm(ctx.receiver.url));
  const normal = await postDeployRecorder(ctx.emulator.url, deployForm(ctx.receiver.url));

  expect([rejected.status, deployed.status, normal.status]).toEqual([401, 500, 200]);
});
