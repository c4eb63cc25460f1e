import type { CallbackLease } from "../../provider/src/callbacks/callback-channel";
import { newCallbackNonce } from "../../provider/src/callbacks/callback-registry";
import { RelayCallbacks } from "../../provider/src/relay";
import { publishCallback } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";
import { successCallback } from "../helpers/unit-callback-bodies";

const relay = useRelay();

function tokenOf(lease: CallbackLease): string {
  return new URL(lease.callbackUrl).pathname.split("/").at(-1) ?? "";
}

async function expectCallback(lease: CallbackLease, deploymentId: string): Promise<void> {
  lease.pending.expectDeployment(deploymentId);
  const body = JSON.stringify(successCallback(deploymentId));
  // 201: a subscriber was waiting; 202: queued.
  expect([201, 202]).toContain((await publishCallback(relay, tokenOf(lease), body)).status);
  await expect(lease.pending.wait(10_000)).resolves.toMatchObject({ deploymentId });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("32 parallel waits that end at different times never reset the others' requests", async () => {
  const logs: string[] = [];
  const callbacks = new RelayCallbacks(relay, (message) => logs.push(message));

  // 32 creates wait at once; 24 end at different times while the other 8 keep long-polling.
  const leases = await Promise.all(
    Array.from({ length: 32 }, () => callbacks.open(newCallbackNonce())),
  );
  const remaining = leases.splice(0, 8);
  await Promise.all(leases.map((lease, i) => sleep(i * 10).then(() => lease.release())));
  await Promise.all(remaining.map((lease, i) => expectCallback(lease, `dep-${i}`)));

  // The last create ends while the next one opens its channel, again and again: for a moment
  // no create is registered, yet the next create's requests must go through.
  let current = remaining.pop() as CallbackLease;
  await Promise.all(remaining.map((lease) => lease.release()));
  for (let i = 0; i < 8; i++) {
    const next = callbacks.open(newCallbackNonce());
    await current.release();
    current = await next;
  }
  await expectCallback(current, "dep-last");
  await current.release();

  // Nothing was reset (a reset long-poll would have been retried, and logged).
  expect(logs).toEqual([]);
});
