import { callAdmin } from "../helpers/emulator-deploy-client";
import { TEST_API_KEY, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();
const NEW_KEY = "JOD-11111111-2222-3333-4444-555555559abc";

test("POST /__admin/accounts adds an account that can deploy at once", async () => {
  const added = await callAdmin(ctx.emulator.url, "POST", "/accounts", {
    apiKey: NEW_KEY,
    balance: 3,
    domains: ["meet.example.org"],
  });

  expect(added.status).toBe(200);
  expect(added.json).toEqual({ apiKey: "JOD-…9abc", balance: 3, domains: ["meet.example.org"] });
  const reply = await ctx.deploy({ apiKey: NEW_KEY, domain: "meet.example.org" });
  expect(reply.json).toMatchObject({ it: "worked", balance: 2.8 });
});

test("posting an existing key replaces its balance and domains", async () => {
  await callAdmin(ctx.emulator.url, "POST", "/accounts", {
    apiKey: TEST_API_KEY,
    balance: 0.1,
    domains: ["other.example.org"],
  });

  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(0.1);
  expect(ctx.emulator.accounts()).toHaveLength(1);
});

test("GET /__admin/accounts lists accounts with fingerprinted keys", async () => {
  const reply = await callAdmin(ctx.emulator.url, "GET", "/accounts");

  expect(reply.json).toEqual([{ apiKey: "JOD-…2037", balance: 10, domains: ["meet.example.com"] }]);
  expect(reply.text).not.toContain(TEST_API_KEY);
});

test.each([
  [{ apiKey: "", balance: 1, domains: [] }, "account apiKey must be a non-empty string"],
  [{ apiKey: "k", balance: -1, domains: [] }, "account balance must be a non-negative number"],
  [{ apiKey: "k", balance: 1, domains: "a.org" }, "account domains must be an array of strings"],
  [{ apiKey: "k", balance: 1 }, "account domains must be an array of strings"],
])("an invalid account %j answers 400", async (account, error) => {
  const reply = await callAdmin(ctx.emulator.url, "POST", "/accounts", account);

  expect(reply.status).toBe(400);
  expect(reply.json).toEqual({ error });
  expect(ctx.emulator.accounts()).toHaveLength(1);
});
