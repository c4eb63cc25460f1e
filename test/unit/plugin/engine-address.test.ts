import { engineAddressFrom } from "../../../provider/src/plugin/main";

describe("the plugin's arguments", () => {
  it("finds the engine's address among the flags the engine passes", () => {
    expect(engineAddressFrom(["127.0.0.1:4242"])).toBe("127.0.0.1:4242");
    expect(
      engineAddressFrom(["--logtostderr", "-v=9", "--tracing", "file:/tmp/t", "127.0.0.1:1"]),
    ).toBe("127.0.0.1:1");
    expect(engineAddressFrom([])).toBeUndefined();
  });
});
