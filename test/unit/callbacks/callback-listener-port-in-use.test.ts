import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { CallbackListener } from "../../../provider/src/callbacks/callback-listener";
import { newCallbackNonce } from "../../../provider/src/callbacks/callback-registry";
import { JodCallbackListenerError } from "../../../provider/src/errors";

describe("CallbackListener on a port that is taken", () => {
  const blocker = http.createServer();
  let port: number;
  beforeAll(async () => {
    blocker.listen(0, "127.0.0.1");
    await once(blocker, "listening");
    port = (blocker.address() as AddressInfo).port;
  });
  afterAll(async () => {
    const closed = once(blocker, "close");
    blocker.close();
    await closed;
  });

  it("fails with JodCallbackListenerError naming the address and jod:callbackListen", async () => {
    const listener = new CallbackListener({
      tokenKey: () => "test-token-key",
      listen: { host: "127.0.0.1", port },
    });
    const error = await listener.open(newCallbackNonce()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JodCallbackListenerError);
    expect(error).toMatchObject({ code: "LISTENER_FAILED", mayHaveDeployed: false });
    const { message, cause } = error as JodCallbackListenerError;
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).toContain("already in use");
    expect(message).toContain("jod:callbackListen");
    expect(message).toContain("Nothing was sent to JOD");
    expect(cause).toMatchObject({ code: "EADDRINUSE" });
  });

  it("forgets the registration and keeps no server", async () => {
    const listener = new CallbackListener({
      tokenKey: () => "test-token-key",
      listen: { host: "127.0.0.1", port },
    });
    await expect(listener.open(newCallbackNonce())).rejects.toBeInstanceOf(
      JodCallbackListenerError,
    );
    expect(listener.registry.size).toBe(0);
    expect(await listener.address()).toBeUndefined();
  });

  it("tries to bind again on the next registration", async () => {
    const listener = new CallbackListener({
      tokenKey: () => "test-token-key",
      listen: { host: "127.0.0.1", port },
    });
    await expect(listener.open(newCallbackNonce())).rejects.toBeInstanceOf(
      JodCallbackListenerError,
    );
    await expect(listener.open(newCallbackNonce())).rejects.toBeInstanceOf(
      JodCallbackListenerError,
    );
  });
});
