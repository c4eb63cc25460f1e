import { useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("truncatedNext: answers 200 with a cut-off JSON body and deploys nothing", async () => {
  ctx.emulator.setFaults({ truncatedNext: 1 });

  const reply = await ctx.deploy();

  expect(reply.status).toBe(200);
  expect(reply.contentType).toMatch(/^application\/json/);
  expect(reply.text).toBe('{"it":"worked","mess');
  expect(() => JSON.parse(reply.text)).toThrow(SyntaxError);
  expect(ctx.emulator.deployments()).toEqual([]);
});
