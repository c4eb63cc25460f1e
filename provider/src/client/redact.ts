/**
 * What replaces the API key wherever a server echoed it.
 *
 * @example
 * ```ts
 * REDACTED; // "[redacted]"
 * ```
 */
export const REDACTED = "[redacted]";

/**
 * Returns a function that replaces a secret in text, in the spellings a server could echo it:
 * as sent in the form body, URL-encoded, or escaped inside a JSON string.
 *
 * @example
 * ```ts
 * const redact = createRedactor("JOD-123");
 * redact('invalid key "JOD-123"'); // 'invalid key "[redacted]"'
 * ```
 */
export function createRedactor(secret: string): (text: string) => string {
  const spellings = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice("s=".length),
    JSON.stringify(secret).slice(1, -1),
  ].filter((spelling, index, all) => spelling !== "" && all.indexOf(spelling) === index);
  // Longest first, so a shorter spelling cannot break up a longer one before it is replaced.
  spellings.sort((a, b) => b.length - a.length);
  return (text) =>
    spellings.reduce((result, spelling) => result.split(spelling).join(REDACTED), text);
}

/**
 * Shortens a server's body for an error message: the secret redacted, tags stripped from HTML,
 * whitespace and control characters collapsed, at most 120 characters.
 *
 * @example
 * ```ts
 * safeSnippet("<html><title>502 Bad Gateway</title></html>", (text) => text); // "502 Bad Gateway"
 * ```
 */
export function safeSnippet(body: string, redact: (text: string) => string): string {
  const redacted = redact(body);
  const text = redacted.trimStart().startsWith("<") ? redacted.replace(/<[^>]*>/g, " ") : redacted;
  return tidy(text, redact, 120);
}

/**
 * Shortens a message JOD sent (it should be a sentence) and redacts the secret from it.
 *
 * @example
 * ```ts
 * safeMessage("invalid API Key", (text) => text); // "invalid API Key"
 * ```
 */
export function safeMessage(message: string, redact: (text: string) => string): string {
  return tidy(redact(message), redact, 300);
}

function tidy(text: string, redact: (text: string) => string, maxLength: number): string {
  // Redact again: collapsing whitespace or stripping tags could have re-formed the secret.
  const collapsed = redact(text.replace(/[\s\p{Cc}]+/gu, " ").trim());
  return collapsed.length > maxLength ? `${collapsed.slice(0, maxLength - 1)}…` : collapsed;
}
