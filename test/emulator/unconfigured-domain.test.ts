import { expectRefused, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("a domain not configured on the account answers 406 naming the domain", async () => {
  const reply = await ctx.deploy({ domain: "unset.example.org" });

  expectRefused(
    ctx.emulator,
    reply,
    406,
    "domain configuration for unset.example.org is incomplete",
  );
});

test("domains are matched without regard to case", async () => {
  const reply = await ctx.deploy({ domain: "MEET.Example.com" });

  expect(reply.status).toBe(200);
});
