import { createRedactor, safeMessage, safeSnippet } from "../../../provider/src/parse-jod";

describe("createRedactor", () => {
  const key = 'JOD-a+b/c d"e\\f';
  const redact = createRedactor(key);

  it.each([
    ["as is", key],
    ["URL-encoded", encodeURIComponent(key)],
    ["form-encoded", new URLSearchParams({ k: key }).toString().slice(2)],
    ["escaped in JSON", JSON.stringify(key).slice(1, -1)],
  ])("replaces the key spelled %s, every time it occurs", (_name, spelling) => {
    expect(redact(`a ${spelling} b ${spelling}`)).toBe("a [redacted] b [redacted]");
  });

  it("leaves other text alone", () => {
    expect(redact("invalid API Key")).toBe("invalid API Key");
  });
});

describe("safeSnippet", () => {
  const identity = (text: string) => text;

  it.each([
    ["collapses whitespace and control characters", "a \n\t\r b\u0000c", "a b c"],
    ["strips tags from HTML", "<html><h1>502 Bad Gateway</h1></html>", "502 Bad Gateway"],
    ["keeps angle brackets in non-HTML text", '{"m":"a<b>c"}', '{"m":"a<b>c"}'],
    ["returns empty text for an empty body", "", ""],
  ])("%s", (_name, body, expected) => {
    expect(safeSnippet(body, identity)).toBe(expected);
  });

  it("cuts long text to 120 characters, ending with an ellipsis", () => {
    const snippet = safeSnippet("x".repeat(500), identity);
    expect(snippet).toHaveLength(120);
    expect(snippet.endsWith("…")).toBe(true);
  });

  it("redacts before cutting, so no piece of the key survives at the cut", () => {
    const key = "JOD-0123456789abcdef";
    const body = `${"x".repeat(110)}${key}`;
    expect(safeSnippet(body, createRedactor(key))).not.toContain("JOD-0");
  });
});

describe("safeMessage", () => {
  it("collapses whitespace, redacts and cuts at 500 characters", () => {
    const message = safeMessage(`bad\n key SECRET ${"y".repeat(600)}`, createRedactor("SECRET"));
    expect(message.startsWith("bad key [redacted] yyy")).toBe(true);
    expect(message).toHaveLength(500);
  });
});
