import type { CallbackLease } from "../../../provider/src/callbacks/callback-channel";
import { CallbackListener } from "../../../provider/src/callbacks/callback-listener";
import { newCallbackNonce } from "../../../provider/src/callbacks/callback-registry";
import { successCallback } from "../../helpers/unit-callback-bodies";
import { connectionErrorCode, postJson } from "../../helpers/unit-http";
import { portOf, releaseAll } from "../../helpers/unit-listener";

const LOOPBACK = { host: "127.0.0.1", port: 0 };

describe("CallbackListener lifecycle", () => {
  const leases: CallbackLease[] = [];
  afterEach(() => releaseAll(leases));

  it("starts no server before the first registration", async () => {
    const listener = new CallbackListener({ tokenKey: () => "test-token-key", listen: LOOPBACK });
    expect(await listener.address()).toBeUndefined();
    leases.push(await listener.open(newCallbackNonce()));
    expect(await listener.address()).toMatchObject({ address: "127.0.0.1" });
  });

  it("gives a callback URL on the bound port with the lease's token", async () => {
    const listener = new CallbackListener({ tokenKey: () => "test-token-key", listen: LOOPBACK });
    const lease = await listener.open(newCallbackNonce());
    leases.push(lease);
    const address = await listener.address();
    expect(lease.callbackUrl).toBe(
      `http://127.0.0.1:${address?.port}/jod/callback/${lease.pending.token}`,
    );
  });

  it("serves callbacks to the waiting lease", async () => {
    const logs: string[] = [];
    const listener = new CallbackListener({
      tokenKey: () => "test-token-key",
      listen: LOOPBACK,
      log: (line) => logs.push(line),
    });
    const lease = await listener.open(newCallbackNonce());
    leases.push(lease);
    lease.pending.expectDeployment("dep-1");
    const answer = await postJson(lease.callbackUrl, successCallback("dep-1"));
    expect(answer.status).toBe(200);
    await expect(lease.pending.wait(1_000)).resolves.toMatchObject({ deploymentId: "dep-1" });
    expect(logs).toContain("callback endpoint: accepted");
    expect(logs.join("\n")).not.toContain(lease.pending.token);
  });

  it("shares one port between concurrent leases", async () => {
    const listener = new CallbackListener({ tokenKey: () => "test-token-key", listen: LOOPBACK });
    const [first, second, third] = await Promise.all([
      listener.open(newCallbackNonce()),
      listener.open(newCallbackNonce()),
      listener.open(newCallbackNonce()),
    ]);
    leases.push(first, second, third);
    expect(new Set([first, second, third].map((lease) => portOf(lease.callbackUrl))).size).toBe(1);
    expect(new Set([first, second, third].map((lease) => lease.callbackUrl)).size).toBe(3);
  });

  it("keeps serving until the last lease is released, then refuses connections", async () => {
    const listener = new CallbackListener({ tokenKey: () => "test-token-key", listen: LOOPBACK });
    const first = await listener.open(newCallbackNonce());
    const second = await listener.open(newCallbackNonce());
    leases.push(first, second);
    await first.release();
    expect((await postJson(second.callbackUrl, successCallback("dep-2"))).status).toBe(202);
    await second.release();
    expect(await listener.address()).toBeUndefined();
    expect(await connectionErrorCode(second.callbackUrl)).toBe("ECONNREFUSED");
  });

  it("answers a released lease's token as unknown while others keep it running", async () => {
    const listener = new CallbackListener({ tokenKey: () => "test-token-key", listen: LOOPBACK });
    const first = await listener.open(newCallbackNonce());
    const second = await listener.open(newCallbackNonce());
    leases.push(first, second);
    await first.release();
    const answer = await postJson(first.callbackUrl, successCallback("dep-1"));
    expect(answer.status).toBe(404);
  });

  it("starts again on the next registration after stopping", async () => {
    const listener = new CallbackListener({ tokenKey: () => "test-token-key", listen: LOOPBACK });
    const first = await listener.open(newCallbackNonce());
    await first.release();
    const again = await listener.open(newCallbackNonce());
    leases.push(again);
    again.pending.expectDeployment("dep-3");
    expect((await postJson(again.callbackUrl, successCallback("dep-3"))).status).toBe(200);
  });

  it("treats a second release of the same lease as done", async () => {
    const listener = new CallbackListener({ tokenKey: () => "test-token-key", listen: LOOPBACK });
    const first = await listener.open(newCallbackNonce());
    const second = await listener.open(newCallbackNonce());
    leases.push(second);
    await first.release();
    await first.release();
    // The double release did not count as the second lease's release.
    expect((await postJson(second.callbackUrl, successCallback("dep-2"))).status).toBe(202);
  });

  it("registers again while the previous server is still stopping", async () => {
    const listener = new CallbackListener({ tokenKey: () => "test-token-key", listen: LOOPBACK });
    const first = await listener.open(newCallbackNonce());
    const stopping = first.release();
    const next = listener.open(newCallbackNonce());
    await stopping;
    const lease = await next;
    leases.push(lease);
    lease.pending.expectDeployment("dep-4");
    expect((await postJson(lease.callbackUrl, successCallback("dep-4"))).status).toBe(200);
  });
});
