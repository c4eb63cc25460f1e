import { readProviderSettings, unreachableCallbackReason } from "../../provider/src/settings";
import { unitSettings } from "../helpers/unit-settings";

// A plain http:// callback URL to a host off this machine sends the callback token in clear:
// refused unless jod:allowCallbackTokenInClear accepts that risk; loopback is always allowed.

const OPT_IN = "pulumi config set jod:allowCallbackTokenInClear true";

function read(config: Record<string, string>) {
  return readProviderSettings((key) => config[key], { JOD_API_KEY: "JOD-unit-key" });
}

describe("jod:callbackUrl over plain http", () => {
  it.each([
    ["a public host", "http://hooks.example.com/jod"],
    ["a public address with a port", "http://203.0.113.7:8080"],
    ["a private address", "http://10.0.0.5:8080"],
    ["upper-case scheme", "HTTP://HOOKS.EXAMPLE.COM"],
  ])("to %s is refused, naming the key, https and the opt-in", (_name, url) => {
    const { failures, settings: read_ } = read({ "jod:callbackUrl": url });
    expect(failures).toEqual([
      {
        key: "jod:callbackUrl",
        reason: expect.stringMatching(/^jod:callbackUrl must use https: .*callback token in clear/),
      },
    ]);
    expect(failures[0].reason).toContain(OPT_IN);
    expect(read_.allowCallbackTokenInClear).toBe(false);
  });

  it.each([
    ["https", "https://hooks.example.com/jod"],
    ["loopback", "http://127.0.0.1:8080"],
    ["IPv6 loopback", "http://[::1]:8080"],
    ["localhost", "http://localhost:8080"],
  ])("over %s is allowed without the opt-in", (_name, url) => {
    expect(read({ "jod:callbackUrl": url }).failures).toEqual([]);
  });

  it("to a public host is allowed with jod:allowCallbackTokenInClear true", () => {
    const { failures, settings: read_ } = read({
      "jod:callbackUrl": "http://hooks.example.com/jod",
      "jod:allowCallbackTokenInClear": "true",
    });
    expect(failures).toEqual([]);
    expect(read_.allowCallbackTokenInClear).toBe(true);
  });

  it("is refused with jod:allowCallbackTokenInClear false", () => {
    const { failures } = read({
      "jod:callbackUrl": "http://hooks.example.com/jod",
      "jod:allowCallbackTokenInClear": "false",
    });
    expect(failures.map((failure) => failure.key)).toEqual(["jod:callbackUrl"]);
  });

  it("names the allowed values of a bad opt-in", () => {
    expect(read({ "jod:allowCallbackTokenInClear": "yes" }).failures).toEqual([
      {
        key: "jod:allowCallbackTokenInClear",
        reason: 'jod:allowCallbackTokenInClear must be "true" or "false"',
      },
    ]);
  });
});

describe("the callbackUrl input over plain http", () => {
  it("to a public host is refused, naming the input and the opt-in", () => {
    const reason = unreachableCallbackReason(unitSettings(), "http://hooks.example.com/jod");
    expect(reason).toMatch(/^the callbackUrl input must use https: /);
    expect(reason).toContain(OPT_IN);
  });

  it.each([
    ["with the opt-in", unitSettings({ allowCallbackTokenInClear: true }), "http://h.example.com"],
    ["over https", unitSettings(), "https://h.example.com"],
    [
      "JOD on this machine, a loopback input",
      unitSettings({ endpoint: "http://127.0.0.1:8787" }),
      "http://127.0.0.1:9000",
    ],
  ])("is allowed %s", (_name, given, input) => {
    expect(unreachableCallbackReason(given, input)).toBeUndefined();
  });
});
