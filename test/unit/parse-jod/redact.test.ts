import {
  callbackUrlToken,
  createRedactor,
  redactCallbackTokens,
  safeMessage,
  safeSnippet,
} from "../../../provider/src/parse-jod";

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

describe("callback tokens", () => {
  const token = "q3Xz9_Lr-2bKc8VtYp1nW4eHs6uJd0aFg7iMoRkQ5lE";
  const relayToken = "a".repeat(32) + "0123456789abcdef0123456789abcdef";

  it.each([
    ["a direct callback URL", `see https://cb.example.com/jod/callback/${token} now`],
    ["a relay callback URL", `POST https://meet.example.com/jod-relay/callback/${relayToken}`],
    ["a form-encoded URL", `callback_url=https%3A%2F%2Fcb.example.com%2Fjod%2Fcallback%2F${token}`],
    ["a URL escaped in JSON", `{"url":"https:\\/\\/cb.example.com\\/jod\\/callback\\/${token}"}`],
    ["a path in another case", `/JOD/CALLBACK/${token}?x=1`],
  ])("redactCallbackTokens removes the token from %s", (_name, text) => {
    const redacted = redactCallbackTokens(text);
    expect(redacted).not.toContain(token);
    expect(redacted).not.toContain(relayToken);
    expect(redacted).toContain("[redacted]");
  });

  it("redactCallbackTokens leaves text without a callback path alone", () => {
    expect(redactCallbackTokens("POST /callback/ failed; see /deploy-recorder")).toBe(
      "POST /callback/ failed; see /deploy-recorder",
    );
  });

  it.each([
    [`https://cb.example.com/jod/callback/${token}`, token],
    [`https://cb.example.com/hooks/${token}/`, token],
    ["https://example.com/jod-callback", undefined],
    ["not a URL", undefined],
  ])("callbackUrlToken(%s) is %p", (url, expected) => {
    expect(callbackUrlToken(url)).toBe(expected);
  });

  it("createRedactor takes several secrets, and the token in any spelling", () => {
    const redact = createRedactor("KEY-1", "tok+en/with=odd&chars");
    const text = `KEY-1 tok+en/with=odd&chars ${encodeURIComponent("tok+en/with=odd&chars")}`;
    expect(redact(text)).toBe("[redacted] [redacted] [redacted]");
  });

  it("safeMessage removes callback tokens even without a redactor", () => {
    expect(safeMessage(`posted to https://x.example/jod/callback/${token}`)).toBe(
      "posted to https://x.example/jod/callback/[redacted]",
    );
  });
});
