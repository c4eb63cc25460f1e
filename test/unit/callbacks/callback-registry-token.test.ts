import { CallbackRegistry } from "../../../provider/src/callbacks/callback-registry";

describe("CallbackRegistry tokens", () => {
  it("are base64url text of at least 128 random bits", () => {
    const { token } = new CallbackRegistry().register();
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    // Each base64url character carries 6 bits.
    expect(token.length * 6).toBeGreaterThanOrEqual(128);
  });

  it("decode to at least 16 bytes", () => {
    const { token } = new CallbackRegistry().register();
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
  });

  it("are unique over many registrations", () => {
    const registry = new CallbackRegistry();
    const tokens = new Set(Array.from({ length: 2_000 }, () => registry.register().token));
    expect(tokens.size).toBe(2_000);
    expect(registry.size).toBe(2_000);
  });

  it("use the whole alphabet, as random bytes do", () => {
    const registry = new CallbackRegistry();
    const characters = new Set(
      Array.from({ length: 200 }, () => registry.register().token)
        .join("")
        .split(""),
    );
    // 200 tokens of 43 characters miss one of the 64 symbols with negligible probability.
    expect(characters.size).toBe(64);
  });
});
