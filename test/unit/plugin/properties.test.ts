import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { fromStruct, secret, toStruct } from "../../../provider/src/plugin/properties";

describe("the plugin's property values", () => {
  it("unwraps secrets, remembers which were, and wraps them again with the named outputs", () => {
    const incoming = Struct.fromJavaScript({
      domain: "meet.example.com",
      callbackUrl: secret("https://example.com") as never,
    });
    const { values, secrets } = fromStruct(incoming);
    expect(values).toEqual({ domain: "meet.example.com", callbackUrl: "https://example.com" });
    expect([...secrets]).toEqual(["callbackUrl"]);

    const outgoing = toStruct(Struct, { ...values, callbackNonce: "n", balance: undefined }, [
      ...secrets,
      "callbackNonce",
    ]).toJavaScript();
    expect(outgoing).toEqual({
      domain: "meet.example.com",
      callbackUrl: secret("https://example.com"),
      callbackNonce: secret("n"),
    });
  });
});
