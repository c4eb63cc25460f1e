import { postDeployRecorder } from "../helpers/emulator-deploy-client";
import { deployForm, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("a JSON body is refused with 415: the contract is form-encoded", async () => {
  const fields = Object.fromEntries(deployForm(ctx.receiver.url));

  const reply = await postDeployRecorder(ctx.emulator.url, JSON.stringify(fields), {
    contentType: "application/json",
  });

  expect(reply.status).toBe(415);
  expect(reply.json).toEqual({
    it: "failed",
    message: "unsupported content type application/json: send application/x-www-form-urlencoded",
  });
  expect(ctx.emulator.deployments()).toEqual([]);
  expect(ctx.emulator.requests()).toMatchObject([{ contentType: "application/json", status: 415 }]);
});

test("the form content type is accepted with a charset parameter", async () => {
  const reply = await postDeployRecorder(ctx.emulator.url, deployForm(ctx.receiver.url), {
    contentType: "application/x-www-form-urlencoded; charset=UTF-8",
  });

  expect(reply.status).toBe(200);
});

test("a body over 16 kB is refused with 413", async () => {
  const form = deployForm(ctx.receiver.url, { domain: "x".repeat(17 * 1024) });

  const reply = await postDeployRecorder(ctx.emulator.url, form);

  expect(reply.status).toBe(413);
  expect(reply.json).toEqual({ it: "failed", message: "request body too large (limit 16kb)" });
});

test("other methods on /deploy-recorder answer 405", async () => {
  const response = await fetch(`${ctx.emulator.url}/deploy-recorder`);

  expect(response.status).toBe(405);
  expect(response.headers.get("allow")).toBe("POST");
  expect(await response.json()).toEqual({ it: "failed", message: "method not allowed: use POST" });
});
