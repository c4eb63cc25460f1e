import { useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("htmlNext: answers 502 with a proxy's HTML error page and deploys nothing", async () => {
  ctx.emulator.setFaults({ htmlNext: 1 });

  const reply = await ctx.deploy();

  expect(reply).toMatchObject({ status: 502, contentType: expect.stringMatching(/^text\/html/) });
  expect(reply.text).toContain("<title>502 Bad Gateway</title>");
  expect(reply.json).toBeUndefined();
  expect(ctx.emulator.deployments()).toEqual([]);
  expect(ctx.emulator.requests()[0]).toMatchObject({ status: 502, message: null });
});
