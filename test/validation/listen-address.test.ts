import { validateListenAddress } from "../../provider/src/validation";

const REASON =
  "must be host:port, [ipv6]:port or :port, such as 0.0.0.0:8080, [::1]:8080 or :8080, with a " +
  "port from 0 to 65535";

describe("validateListenAddress", () => {
  it.each([
    "127.0.0.1:8080",
    "0.0.0.0:0",
    "0.0.0.0:65535",
    "localhost:3000",
    "callbacks.example.com:443",
    ":8080",
    ":0",
    "[::1]:8080",
    "[::]:80",
    "[2001:db8::1]:9000",
    "[::ffff:192.0.2.1]:80",
  ])("accepts %j", (address) => {
    expect(validateListenAddress(address)).toBeUndefined();
  });

  it.each([
    ["a bare port", "8080"],
    ["a bare host", "localhost"],
    ["a port above 65535", "127.0.0.1:65536"],
    ["a huge port", ":999999"],
    ["a negative port", "127.0.0.1:-1"],
    ["a fractional port", "127.0.0.1:80.5"],
    ["an empty port", "127.0.0.1:"],
    ["a named port", "127.0.0.1:http"],
    ["an IPv6 address without brackets", "::1:8080"],
    ["an invalid IPv6 address", "[::g]:8080"],
    ["empty brackets", "[]:8080"],
    ["an invalid IPv4 address", "256.1.1.1:80"],
    ["a scheme", "http://127.0.0.1:8080"],
    ["a path", "127.0.0.1:8080/cb"],
    ["spaces", " 127.0.0.1:8080"],
    ["an invalid hostname", "-bad-:80"],
    ["the empty string", ""],
  ])("rejects %s", (_name, address) => {
    expect(validateListenAddress(address)).toBe(REASON);
  });

  it.each([
    [8080, "8080"],
    [null, "null"],
    [{ host: "0.0.0.0", port: 80 }, "an object"],
  ])("rejects %p as not a string", (value, described) => {
    expect(validateListenAddress(value)).toBe(
      `must be a string: ${REASON.slice("must be ".length)}, got ${described}`,
    );
  });
});
