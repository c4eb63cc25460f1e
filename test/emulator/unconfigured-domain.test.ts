import { postDeployRecorder } from "../helpers/emulator-deploy-client";
import {
  deployForm,
  TEST_API_KEY,
  TEST_BALANCE,
  useEmulator,
} from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("a domain not configured on the account answers 406 naming the domain", async () => {
  const reply = await postDeployRecorder(
    ctx.emulator.url,
    deployForm(ctx.receiver.url, { domain: "unset.example.org" }),
  );

  expect(reply.status).toBe(406);
  expect(reply.json).toEqual({
    it: "failed",
    message: "domain configuration for unset.example.org is incomplete",
  });
  expect(ctx.emulator.deployments()).toEqual([]);
  expect(ctx.emulator.balanceOf(TEST_API_KEY)).toBe(TEST_BALANCE);
});

test("domains are matched without regard to case", async () => {
  const reply = await postDeployRecorder(
    ctx.emulator.url,
    deployForm(ctx.receiver.url, { domain: "MEET.Example.com" }),
  );

  expect(reply.status).toBe(200);
});
