import { newCallbackNonce } from "../../provider/src/callbacks/callback-registry";
import { MAX_MESSAGE_BYTES, RelayCallbacks } from "../../provider/src/relay";
import { publishCallback } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";
import { successCallback } from "../helpers/unit-callback-bodies";

// The durable variant: the message goes through Redis, the stricter of the two stores.
const relay = useRelay({ withRedis: true });

test("JOD's callback for the largest deployment passes the relay and reaches the create", async () => {
  // 10,000 recorders with ids of 128 characters and IPv6 addresses of 45 characters.
  const ips = Array.from({ length: 10_000 }, (_, i) => {
    const group = (i % 65_536).toString(16).padStart(4, "0");
    return `2001:0db8:ffff:ffff:ffff:${group}:255.255.255.255`;
  });
  expect(ips[0]).toHaveLength(45);
  const callback = successCallback("dep-largest", ips);
  const recorders = (callback.deployment_info as { recorders: { recorder_id: string }[] })
    .recorders;
  recorders.forEach((recorder, i) => (recorder.recorder_id = `rec-${i}-`.padEnd(128, "r")));
  const body = JSON.stringify(callback);
  expect(Buffer.byteLength(body)).toBeGreaterThan(2_000_000);
  expect(Buffer.byteLength(body)).toBeLessThan(MAX_MESSAGE_BYTES);

  const callbacks = new RelayCallbacks(relay, () => undefined);
  const lease = await callbacks.open(newCallbackNonce());
  lease.pending.expectDeployment("dep-largest");
  const token = new URL(lease.callbackUrl).pathname.split("/").at(-1) ?? "";
  expect([201, 202]).toContain((await publishCallback(relay, token, body)).status);
  const outcome = await lease.pending.wait(10_000);
  await lease.release();
  expect(outcome).toMatchObject({ kind: "success", deploymentId: "dep-largest" });
  expect(outcome.kind === "success" && outcome.recorders).toHaveLength(10_000);
});
