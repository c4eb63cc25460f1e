import type { CallbackLease } from "../../../provider/src/callbacks/callback-channel";
import { CallbackListener } from "../../../provider/src/callbacks/callback-listener";
import { newCallbackNonce } from "../../../provider/src/callbacks/callback-registry";
import { releaseAll } from "../../helpers/unit-listener";

const LOOPBACK = { host: "127.0.0.1", port: 0 };

describe("CallbackListener public URL", () => {
  const leases: CallbackLease[] = [];
  afterEach(() => releaseAll(leases));

  it("uses the configured public URL without its trailing slashes", async () => {
    const listener = new CallbackListener({
      tokenKey: () => "test-token-key",
      listen: LOOPBACK,
      publicUrl: "https://callbacks.example.com/jod-proxy///",
    });
    const lease = await listener.open(newCallbackNonce());
    leases.push(lease);
    expect(lease.callbackUrl).toBe(
      `https://callbacks.example.com/jod-proxy/jod/callback/${lease.pending.token}`,
    );
  });

  it("lets one registration override the public URL, trailing slashes removed", async () => {
    const listener = new CallbackListener({
      tokenKey: () => "test-token-key",
      listen: LOOPBACK,
      publicUrl: "https://callbacks.example.com",
    });
    const override = await listener.open(newCallbackNonce(), "https://tunnel.example.net/");
    const plain = await listener.open(newCallbackNonce());
    leases.push(override, plain);
    expect(override.callbackUrl).toBe(
      `https://tunnel.example.net/jod/callback/${override.pending.token}`,
    );
    expect(plain.callbackUrl).toBe(
      `https://callbacks.example.com/jod/callback/${plain.pending.token}`,
    );
  });

  it("uses loopback in the default URL when bound to every IPv4 interface", async () => {
    const listener = new CallbackListener({
      tokenKey: () => "test-token-key",
      listen: { host: "0.0.0.0", port: 0 },
    });
    const lease = await listener.open(newCallbackNonce());
    leases.push(lease);
    const address = await listener.address();
    expect(lease.callbackUrl).toBe(
      `http://127.0.0.1:${address?.port}/jod/callback/${lease.pending.token}`,
    );
  });

  it("logs where it listens and the public URL", async () => {
    const logs: string[] = [];
    const listener = new CallbackListener({
      tokenKey: () => "test-token-key",
      listen: LOOPBACK,
      publicUrl: "https://callbacks.example.com/",
      log: (line) => logs.push(line),
    });
    leases.push(await listener.open(newCallbackNonce()));
    const address = await listener.address();
    expect(logs).toContain(
      `callback listener on 127.0.0.1:${address?.port}, public URL https://callbacks.example.com`,
    );
  });
});
