import { postDeployRecorder } from "../helpers/emulator-deploy-client";
import { deployForm, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("truncatedNext: answers 200 with a cut-off JSON body and deploys nothing", async () => {
  ctx.emulator.setFaults({ truncatedNext: 1 });

  const reply = await postDeployRecorder(ctx.emulator.url, deployForm(ctx.receiver.url));

  expect(reply.status).toBe(200);
  expect(reply.contentType).toMatch(/^application\/json/);
  expect(reply.text).toBe('{"it":"worked","mess');
  expect(() => JSON.parse(reply.text)).toThrow(SyntaxError);
  expect(ctx.emulator.deployments()).toEqual([]);
});
