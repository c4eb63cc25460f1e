import { createHash, createHmac } from "node:crypto";
import { callbackToken, newCallbackNonce } from "../../../provider/src/callbacks/callback-registry";

// State and the journal keep the nonce: the token must need the key as well, or anyone who
// reads state could compute it, read the relay's channel or forge the callback.
describe("the callback token depends on the key, not only on the nonce", () => {
  const nonce = newCallbackNonce();

  it("differs for two keys and the same nonce", () => {
    expect(callbackToken("JOD-key-one", nonce)).not.toBe(callbackToken("JOD-key-two", nonce));
  });

  it("differs for keys one character apart", () => {
    const key = "ab".repeat(32);
    expect(callbackToken(key, nonce)).not.toBe(callbackToken(`${key.slice(0, -1)}c`, nonce));
  });

  it("is the same for the same key and nonce (a resumed create finds its channel)", () => {
    expect(callbackToken("JOD-key-one", nonce)).toBe(callbackToken("JOD-key-one", nonce));
  });

  it("is an HMAC-SHA256 under the key, never a plain hash of the nonce", () => {
    const token = callbackToken("JOD-key-one", nonce);
    const message = `pulumi-jod callback v1\n${nonce}`;
    expect(token).toBe(createHmac("sha256", "JOD-key-one").update(message).digest("hex"));
    for (const unkeyed of [nonce, message]) {
      expect(token).not.toBe(createHash("sha256").update(unkeyed).digest("hex"));
    }
    expect(token).not.toContain(nonce);
  });
});
