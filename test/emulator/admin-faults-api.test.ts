import { NO_FAULTS } from "../../emulator/src";
import { callAdmin } from "../helpers/emulator-deploy-client";
import { useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("POST /__admin/faults merges settings into the current faults", async () => {
  await callAdmin(ctx.emulator.url, "POST", "/faults", { htmlNext: 2 });
  const reply = await callAdmin(ctx.emulator.url, "POST", "/faults", { callbackMode: "drop" });

  expect(reply.status).toBe(200);
  expect(reply.json).toEqual({ ...NO_FAULTS, htmlNext: 2, callbackMode: "drop" });
  expect((await callAdmin(ctx.emulator.url, "GET", "/faults")).json).toEqual(reply.json);
});

test("DELETE /__admin/faults clears every fault", async () => {
  await callAdmin(ctx.emulator.url, "POST", "/faults", { maintenance: true, callbackDelayMs: 5 });

  const reply = await callAdmin(ctx.emulator.url, "DELETE", "/faults");

  expect(reply.json).toEqual(NO_FAULTS);
  expect(ctx.emulator.faults()).toEqual(NO_FAULTS);
});

test.each([
  [{ maintenance: "yes" }, "maintenance must be true or false"],
  [{ htmlNext: -1 }, "htmlNext must be an integer from 0 to 9007199254740991"],
  [
    { proxyUnavailableAfterDeployNext: 1.5 },
    "proxyUnavailableAfterDeployNext must be an integer from 0 to 9007199254740991",
  ],
  [{ callbackMode: "sometimes" }, /^callbackMode must be one of success, failure, duplicate/],
  [{ slowness: 3 }, /^faults has unknown field\(s\) slowness/],
  [[1], "faults must be an object"],
])("invalid settings %j answer 400 and change nothing", async (settings, error) => {
  const reply = await callAdmin(ctx.emulator.url, "POST", "/faults", settings);

  expect(reply.status).toBe(400);
  expect(reply.json?.error).toEqual(
    typeof error === "string" ? error : expect.stringMatching(error),
  );
  expect(ctx.emulator.faults()).toEqual(NO_FAULTS);
});

test("a fault body without a JSON content type is refused", async () => {
  const response = await fetch(`${ctx.emulator.url}/__admin/faults`, {
    method: "POST",
    body: "maintenance=true",
  });

  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({
    error: "expected a JSON body with Content-Type: application/json",
  });
});
