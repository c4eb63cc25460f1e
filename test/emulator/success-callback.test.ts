import { isDocumentationIp } from "../helpers/documentation-ips";
import { useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("the success callback is POSTed as JSON with recorder ids and documentation IPs", async () => {
  const reply = await ctx.deploy({ recorders: "3" });
  const callback = await ctx.receiver.nextCallback();

  expect(callback.method).toBe("POST");
  expect(callback.path).toBe("/callback");
  expect(callback.contentType).toBe("application/json");
  expect(callback.body).toEqual({
    it: "worked",
    message: "deployment successful",
    deployment_info: {
      deployment_id: reply.json?.deployment_id,
      recorders: [
        { recorder_id: expect.any(String), recorder_ip: expect.any(String) },
        { recorder_id: expect.any(String), recorder_ip: expect.any(String) },
        { recorder_id: expect.any(String), recorder_ip: expect.any(String) },
      ],
    },
  });
  const { recorders } = (callback.body as { deployment_info: { recorders: Recorder[] } })
    .deployment_info;
  expect(new Set(recorders.map((recorder) => recorder.recorder_id)).size).toBe(3);
  for (const recorder of recorders) {
    expect(recorder.recorder_id).not.toBe("");
    expect(isDocumentationIp(recorder.recorder_ip)).toBe(true);
  }
});

test("the deployment records the outcome and the delivery", async () => {
  const reply = await ctx.deploy();
  const callback = await ctx.receiver.nextCallback();
  await ctx.emulator.whenCallbacksIdle();

  const deployment = ctx.emulator.deployment(String(reply.json?.deployment_id));
  expect(deployment?.status).toBe("succeeded");
  expect(deployment?.callbacksSent).toBe(1);
  expect(deployment?.callbackDeliveries).toEqual([
    { sentAt: expect.any(String), httpStatus: 200, error: null },
  ]);
  const { recorders } = (callback.body as { deployment_info: { recorders: Recorder[] } })
    .deployment_info;
  expect(deployment?.recorders).toEqual(recorders);
});

interface Recorder {
  recorder_id: string;
  recorder_ip: string;
}
