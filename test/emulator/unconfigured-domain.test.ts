import { expectNothingDeployedOrCharged, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("a domain not configured on the account answers 406 naming the domain", async () => {
  const reply = await ctx.deploy({ domain: "unset.example.org" });

  expect(reply.status).toBe(406);
  expect(reply.json).toEqual({
    it: "failed",
    message: "domain configuration for unset.example.org is incomplete",
  });
  expectNothingDeployedOrCharged(ctx.emulator);
});

test("domains are matched without regard to case", async () => {
  const reply = await ctx.deploy({ domain: "MEET.Example.com" });

  expect(reply.status).toBe(200);
});
