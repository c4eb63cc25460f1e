import { postDeployRecorder } from "../helpers/emulator-deploy-client";
import {
  deployForm,
  TEST_API_KEY,
  TEST_BALANCE,
  useEmulator,
} from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("failedNext: answers 200 with it=failed and deploys nothing", async () => {
  ctx.emulator.setFaults({ failedNext: 1 });

  const reply = await postDeployRecorder(ctx.emulator.url, deployForm(ctx.receiver.url));

  expect(reply.status).toBe(200);
  expect(reply.json).toEqual({ it: "failed", message: "deployment could not be scheduled" });
  expect(ctx.emulator.deployments()).toEqual([]);
  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(TEST_BALANCE);
  const next = await postDeployRecorder(ctx.emulator.url, deployForm(ctx.receiver.url));
  expect(next.json?.it).toBe("worked");
});
