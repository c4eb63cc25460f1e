import { validateCallbackBaseUrl, validateEndpoint } from "../../provider/src/validation";

const CALLBACK_REASON =
  "must be an absolute http:// or https:// URL such as https://hooks.example.com/jod, without " +
  "user name, password, query or fragment";
const ENDPOINT_REASON =
  "must be an https:// URL such as https://api.jod.sh (http:// only on loopback, such as " +
  "http://127.0.0.1:8787 for the emulator), without user name, password, query or fragment";

describe("validateCallbackBaseUrl", () => {
  it.each([
    "https://example.com/jod-callback",
    "http://example.com/cb",
    "HTTPS://EXAMPLE.COM/cb",
    "https://example.com",
    "https://example.com:8443/jod/callback",
    "http://127.0.0.1:8080/callback",
    "http://[::1]:8080/callback",
    "http://localhost:3000/cb",
    `https://example.com/${"a".repeat(2048 - "https://example.com/".length)}`,
  ])("accepts %j", (url) => {
    expect(validateCallbackBaseUrl(url)).toBeUndefined();
  });

  it.each([
    ["a relative path", "/jod-callback"],
    ["no scheme", "example.com/cb"],
    ["a protocol-relative URL", "//example.com/cb"],
    ["ftp", "ftp://example.com/cb"],
    ["a websocket URL", "wss://example.com/cb"],
    ["javascript:", "javascript:alert(1)"],
    ["a missing host", "https:///cb"],
    ["a single slash", "https:/example.com/cb"],
    ["a user name", "https://user@example.com/cb"],
    ["a user name and password", "https://user:secret@example.com/cb"],
    ["a short user name and password", "https://u:p@x.com/cb"],
    ["a query", "https://example.com:8443/jod/callback?stack=dev&x=1"],
    ["a fragment", "https://example.com/cb#fragment"],
    ["surrounding spaces", " https://example.com/cb "],
    ["a space inside", "https://example.com/my cb"],
    ["a newline", "https://example.com/cb\n"],
    ["2049 characters", `https://example.com/${"a".repeat(2049 - "https://example.com/".length)}`],
    ["the empty string", ""],
    ["garbage", "not a url"],
  ])("rejects %s", (_name, url) => {
    expect(validateCallbackBaseUrl(url)).toBe(CALLBACK_REASON);
  });

  it.each([
    [null, "null"],
    [new URL("https://example.com/cb"), "an object"],
    [42, "42"],
    [3, "3"],
    [[], "an array"],
  ])("rejects %p as not a string", (value, described) => {
    expect(validateCallbackBaseUrl(value)).toBe(
      `must be a string: ${CALLBACK_REASON.slice("must be ".length)}, got ${described}`,
    );
  });

  it("never repeats the URL, which could hold a password", () => {
    expect(validateCallbackBaseUrl("https://u:hunter2@example.com/cb")).not.toContain("hunter2");
  });
});

describe("validateEndpoint", () => {
  it.each([
    "https://api.jod.sh",
    "https://api.jod.sh/",
    "http://127.0.0.1:8080",
    "http://localhost:8080/jod/v1/",
    "http://[::1]:8080",
    "http://127.1.2.3:8787",
  ])("accepts %j", (url) => {
    expect(validateEndpoint(url)).toBeUndefined();
  });

  it.each([
    "http://api.example.com",
    "http://api.jod.sh/",
    "HTTP://API.JOD.SH",
    "http://203.0.113.7:8080",
    "http://[2001:db8::1]:8080",
    "http://localhost.example.com",
  ])("refuses plain http to a host off this machine: %j", (url) => {
    expect(validateEndpoint(url)).toBe(
      "must use https: every request to it carries the API key, which plain http:// would " +
        `send in clear to anyone on the path. Allowed: ${ENDPOINT_REASON.slice("must be ".length)}`,
    );
  });

  it.each([
    ["no scheme", "api.jod.sh"],
    ["ftp", "ftp://api.jod.sh"],
    ["a query", "https://api.jod.sh/?key=1"],
    ["an empty query", "https://api.jod.sh?"],
    ["a fragment", "https://api.jod.sh/#x"],
    ["credentials", "https://user:pw@api.jod.sh"],
    ["surrounding spaces", " https://api.jod.sh"],
    ["the empty string", ""],
  ])("rejects %s", (_name, url) => {
    expect(validateEndpoint(url)).toBe(ENDPOINT_REASON);
  });

  it.each([
    [undefined, "nothing (undefined)"],
    [8080, "8080"],
  ])("rejects %p as not a string", (value, described) => {
    expect(validateEndpoint(value)).toBe(
      `must be a string: ${ENDPOINT_REASON.slice("must be ".length)}, got ${described}`,
    );
  });
});
