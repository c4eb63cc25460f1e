import { NO_FAULTS } from "../../emulator/src";
import { callAdmin } from "../helpers/emulator-deploy-client";
import { TEST_API_KEY, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator({ callbackDelayMs: 200, capacity: { lon: 2 } });

test("POST /__admin/reset clears requests, deployments, faults and pending callbacks", async () => {
  await ctx.deploy();
  ctx.emulator.setFaults({ htmlNext: 3 });

  const reply = await callAdmin(ctx.emulator.url, "POST", "/reset");

  expect(reply.status).toBe(204);
  expect(ctx.emulator.requests()).toEqual([]);
  expect(ctx.emulator.deployments()).toEqual([]);
  expect(ctx.emulator.faults()).toEqual(NO_FAULTS);
  await ctx.emulator.whenCallbacksIdle();
  expect(ctx.receiver.received).toEqual([]);
});

test("reset keeps balances, and frees the capacity deployments held", async () => {
  await ctx.deploy();
  await ctx.receiver.nextCallback();

  ctx.emulator.reset();

  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(9.8);
  await ctx.deploy();
  expect((await ctx.receiver.nextCallback()).body).toMatchObject({ it: "worked" });
});

test("reset with accounts: true restores the starting accounts and balances", async () => {
  await ctx.deploy();
  ctx.emulator.addAccount({ apiKey: "JOD-added-later-0001", balance: 1, domains: [] });

  const reply = await callAdmin(ctx.emulator.url, "POST", "/reset", { accounts: true });

  expect(reply.status).toBe(204);
  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(10);
  expect(ctx.emulator.balanceOf("JOD-added-later-0001")).toBeUndefined();
});

test("reset refuses unknown options", async () => {
  const reply = await callAdmin(ctx.emulator.url, "POST", "/reset", { everything: true });

  expect(reply.status).toBe(400);
  expect(reply.json?.error).toMatch(/^reset options has unknown field\(s\) everything/);
});
