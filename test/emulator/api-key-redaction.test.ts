import { callAdmin } from "../helpers/emulator-deploy-client";
import { TEST_API_KEY, useEmulator } from "../helpers/emulator-test-fixture";

const logLines: string[] = [];
const ctx = useEmulator({ log: (line) => logLines.push(line) });

test("full API keys appear in no record, admin answer or log line", async () => {
  await ctx.deploy();
  await ctx.deploy({ recorders: "999" });
  const unknownKey = "JOD-99999999-8888-7777-6666-555555554321";
  await ctx.deploy({ apiKey: unknownKey });
  await ctx.receiver.nextCallback();

  const everything = JSON.stringify([
    ctx.emulator.requests(),
    ctx.emulator.deployments(),
    ctx.emulator.accounts(),
    (await callAdmin(ctx.emulator.url, "GET", "/requests")).text,
    (await callAdmin(ctx.emulator.url, "GET", "/deployments")).text,
    (await callAdmin(ctx.emulator.url, "GET", "/accounts")).text,
    logLines,
  ]);

  for (const key of [TEST_API_KEY, unknownKey]) {
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(key.slice(4, 20));
  }
  expect(everything).toContain("JOD-…2037");
  expect(everything).toContain("JOD-…4321");
  expect(logLines.some((line) => line.startsWith("POST /deploy-recorder 200"))).toBe(true);
});
