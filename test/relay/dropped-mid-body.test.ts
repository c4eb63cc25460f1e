import { newCallbackNonce } from "../../provider/src/callbacks/callback-registry";
import { CallbackWaitTimeout } from "../../provider/src/callbacks/callback-registry";
import { RelayCallbacks } from "../../provider/src/relay";
import { publishCallback } from "../helpers/relay-client";
import { startDroppingProxy, within, type DroppingProxy } from "../helpers/relay-faults";
import { useRelay } from "../helpers/relay-process";
import { successCallback } from "../helpers/unit-callback-bodies";

const relay = useRelay();
let proxy: DroppingProxy;
beforeAll(async () => {
  proxy = await startDroppingProxy(Number(new URL(relay.baseUrl).port));
});
afterAll(() => proxy?.close());

test("a connection dropped mid-body ends the wait by its deadline; a healthy one then recovers the callback", async () => {
  const logs: string[] = [];
  const callbacks = new RelayCallbacks(
    { baseUrl: `${proxy.origin}/jod-relay`, secret: relay.secret },
    (message) => logs.push(message),
  );
  const nonce = newCallbackNonce();
  const lease = await callbacks.open(nonce);
  const token = new URL(lease.callbackUrl).pathname.split("/").at(-1) ?? "";
  lease.pending.expectDeployment("dep-1");
  const published = await publishCallback(relay, token, JSON.stringify(successCallback("dep-1")));
  expect([201, 202]).toContain(published.status);

  // Every answer that carries a message is cut off mid-body: the create's wait ends at its
  // deadline, and ending the create settles (the fetch in flight does not hang it).
  await expect(lease.pending.wait(2_500)).rejects.toBeInstanceOf(CallbackWaitTimeout);
  await within(lease.release(), 2_000, "releasing the create's channel");
  expect(logs).toHaveLength(1);
  expect(logs[0]).toMatch(/dropped the connection mid-answer.*jod:callbackRelay/);
  expect(logs[0]).not.toContain(token);
  expect(logs[0]).not.toContain(relay.secret);

  // A refresh's fetch of the buffered callback through the same connection fails at once.
  const refresh = callbacks.fetchBuffered(nonce, "dep-1", 5_000);
  await expect(within(refresh, 2_000, "the fetch of the buffered callback")).rejects.toThrow(
    /dropped the connection mid-answer/,
  );

  // Through a healthy connection the same client recovers the callback the relay kept.
  proxy.dropping = false;
  const outcome = await callbacks.fetchBuffered(nonce, "dep-1", 5_000);
  expect(outcome).toMatchObject({ kind: "success", deploymentId: "dep-1" });
});
