import { isHostname, validateDomain } from "../../provider/src/validation";

const label63 = "a".repeat(63);
const longest = `${label63}.${label63}.${label63}.${"b".repeat(61)}`; // 253 characters

describe("validateDomain", () => {
  it.each([
    "meet.example.com",
    "call.myjitsidomain.com",
    "example.com",
    "MEET.Example.COM",
    "jitsi-1.meet.example.co.uk",
    "xn--bcher-kva.example",
    "1meet.example.com",
    `${label63}.com`,
    longest,
  ])("accepts %j", (domain) => {
    expect(validateDomain(domain)).toBeUndefined();
  });

  it.each([
    ["no dot", "localhost"],
    ["a scheme", "https://meet.example.com"],
    ["a scheme and a one-label host", "https://x"],
    ["a path", "meet.example.com/room"],
    ["a port", "meet.example.com:443"],
    ["a trailing dot", "meet.example.com."],
    ["a leading dot", ".meet.example.com"],
    ["an empty label", "meet..example.com"],
    ["a space inside", "meet example.com"],
    ["surrounding spaces", " meet.example.com "],
    ["a leading hyphen in a label", "-meet.example.com"],
    ["a trailing hyphen in a label", "meet-.example.com"],
    ["an underscore", "meet_1.example.com"],
    ["a label of 64 characters", `${"a".repeat(64)}.com`],
    ["254 characters", `a${longest}`],
    ["an IPv4 address", "192.168.1.10"],
    ["an IPv6 address", "[::1]"],
    ["non-ASCII letters", "bücher.example"],
    ["a query", "meet.example.com?x=1"],
    ["credentials", "user@meet.example.com"],
    ["the empty string", ""],
  ])("rejects %s", (_name, domain) => {
    expect(validateDomain(domain)).toBe(
      "must be a hostname such as meet.example.com, without scheme, port or path (at least two " +
        "dot-separated labels of 1-63 letters, digits or inner hyphens, at most 253 characters)",
    );
  });

  it.each([
    [null, "null"],
    [undefined, "nothing (undefined)"],
    [42, "42"],
    [1, "1"],
    [["meet.example.com"], "an array"],
    [{ domain: "meet.example.com" }, "an object"],
    [true, "a boolean"],
  ])("rejects %p as not a string", (value, described) => {
    expect(validateDomain(value)).toBe(
      `must be a string: a hostname such as meet.example.com, without scheme, port or path ` +
        `(at least two dot-separated labels of 1-63 letters, digits or inner hyphens, at most ` +
        `253 characters), got ${described}`,
    );
  });
});

describe("isHostname", () => {
  it.each([
    ["localhost", 1, true],
    ["localhost", 2, false],
    ["a.b", 2, true],
    ["a-.b", 1, false],
    ["", 1, false],
  ])("%j with at least %i labels: %p", (value, minLabels, expected) => {
    expect(isHostname(value, minLabels)).toBe(expected);
  });
});
