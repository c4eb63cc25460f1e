import { postDeployRecorder } from "../helpers/emulator-deploy-client";
import { deployForm, expectRefused, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

// JOD documents 401 for a missing API key; other missing fields get 400 (undocumented).
test.each([
  ["apiKey", 401],
  ["domain", 400],
  ["recorders", 400],
  ["duration", 400],
  ["location", 400],
  ["callback_url", 400],
])("a request without %s is rejected with %i, naming the field", async (field, status) => {
  const reply = await ctx.deploy({ [field]: undefined });

  expectRefused(ctx.emulator, reply, status, `missing required field: ${field}`);
});

test("a blank field counts as missing", async () => {
  const reply = await ctx.deploy({ location: "  " });

  expect(reply.status).toBe(400);
  expect(reply.json?.message).toBe("missing required field: location");
});

test("a field given twice is rejected, naming it", async () => {
  const form = deployForm(ctx.receiver.url);
  form.append("recorders", "3");

  const reply = await postDeployRecorder(ctx.emulator.url, form);

  expect(reply.status).toBe(400);
  expect(reply.json?.message).toBe("field recorders given more than once");
});
