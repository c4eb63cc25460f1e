import { callAdmin, postDeployRecorder } from "../helpers/emulator-deploy-client";
import { useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("during maintenance every deploy request answers 503 until the fault is cleared", async () => {
  await callAdmin(ctx.emulator.url, "POST", "/faults", { maintenance: true });

  for (let attempt = 0; attempt < 3; attempt++) {
    const reply = await ctx.deploy();
    expect(reply.status).toBe(503);
    expect(reply.json).toEqual({ it: "failed", message: "JOD is under planned maintenance" });
  }
  expect(ctx.emulator.deployments()).toEqual([]);

  await callAdmin(ctx.emulator.url, "DELETE", "/faults");
  const reply = await ctx.deploy();
  expect(reply.status).toBe(200);
});

test("maintenance comes before request validation", async () => {
  ctx.emulator.setFaults({ maintenance: true });

  const reply = await postDeployRecorder(ctx.emulator.url, new URLSearchParams());

  expect(reply.status).toBe(503);
});
