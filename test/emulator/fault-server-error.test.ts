import { postDeployRecorder } from "../helpers/emulator-deploy-client";
import {
  deployForm,
  TEST_API_KEY,
  TEST_BALANCE,
  useEmulator,
} from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("serverErrorNext: the request answers 500 and nothing is deployed or charged", async () => {
  ctx.emulator.setFaults({ serverErrorNext: 1 });

  const failed = await postDeployRecorder(ctx.emulator.url, deployForm(ctx.receiver.url));

  expect(failed.status).toBe(500);
  expect(failed.json).toEqual({ it: "failed", message: "internal server error" });
  expect(ctx.emulator.deployments()).toEqual([]);
  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(TEST_BALANCE);
  await ctx.emulator.whenCallbacksIdle();
  expect(ctx.receiver.received).toEqual([]);

  const next = await postDeployRecorder(ctx.emulator.url, deployForm(ctx.receiver.url));
  expect(next.status).toBe(200);
});
