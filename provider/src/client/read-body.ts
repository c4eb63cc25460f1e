/**
 * The start of a response body, as text.
 *
 * @example
 * ```ts
 * const { text, truncated }: BodyText = { text: "{}", truncated: false };
 * ```
 */
export interface BodyText {
  text: string;
  /** True when the body was longer than the limit and reading stopped there. */
  truncated: boolean;
}

/**
 * Reads at most `maxBytes` of a body as UTF-8 and stops there, so a huge or endless answer
 * cannot exhaust memory.
 *
 * @example
 * ```ts
 * const { text, truncated } = await readBodyText(response.body, 64 * 1024);
 * ```
 */
export async function readBodyText(
  body: AsyncIterable<Buffer | string>,
  maxBytes: number,
): Promise<BodyText> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    chunks.push(bytes);
    size += bytes.length;
    // Leaving the loop destroys the stream, which stops the download.
    if (size > maxBytes) {
      return {
        text: Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8"),
        truncated: true,
      };
    }
  }
  return { text: Buffer.concat(chunks).toString("utf8"), truncated: false };
}
