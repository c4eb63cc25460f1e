import {
  CallbackWaitTimeout,
  newCallbackNonce,
} from "../../provider/src/callbacks/callback-registry";
import { RelayCallbacks } from "../../provider/src/relay";
import { publishCallback } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";
import { successCallback } from "../helpers/unit-callback-bodies";

const relay = useRelay();

test("a callback through the relay naming addresses no firewall should open is refused, each named", async () => {
  const logs: string[] = [];
  const callbacks = new RelayCallbacks(relay, (message) => logs.push(message));
  const lease = await callbacks.open(newCallbackNonce());
  try {
    lease.pending.expectDeployment("dep-1");
    const token = new URL(lease.callbackUrl).pathname.split("/").at(-1) ?? "";
    for (const ip of ["127.0.0.1", "169.254.1.1", "224.0.0.1", "0.0.0.0"]) {
      const body = JSON.stringify(successCallback("dep-1", ["203.0.113.5", ip]));
      expect([201, 202]).toContain((await publishCallback(relay, token, body)).status);
    }
    // None settles the wait: the deployment keeps waiting for a valid callback.
    await expect(lease.pending.wait(3_000)).rejects.toBeInstanceOf(CallbackWaitTimeout);
    expect(logs).toEqual([
      expect.stringMatching(/^callback refused: recorder_ip 127\.0\.0\.1 is a loopback address/),
      expect.stringMatching(
        /^callback refused: recorder_ip 169\.254\.1\.1 is a link-local address/,
      ),
      expect.stringMatching(/^callback refused: recorder_ip 224\.0\.0\.1 is a multicast address/),
      expect.stringMatching(/^callback refused: recorder_ip 0\.0\.0\.0 is an unspecified address/),
    ]);
  } finally {
    await lease.release();
  }
});
