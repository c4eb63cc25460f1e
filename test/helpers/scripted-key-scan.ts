import { inspect } from "node:util";
import { TEST_API_KEY } from "./constants";

export { TEST_API_KEY };

/** A key with characters that form-encoding, URL-encoding and JSON escape differently. */
export const AWKWARD_API_KEY = 'JOD-s3cr3t+/=&?"\\ key ü';

/** Every way an error can be shown: messages, stacks, own properties, causes, util.inspect. */
export function everythingAbout(error: unknown): string {
  const parts: string[] = [inspect(error, { showHidden: true, depth: 10 })];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === "object" && current !== null && !seen.has(current)) {
    seen.add(current);
    const record = current as Record<string, unknown>;
    parts.push(String(current), JSON.stringify(current, Object.getOwnPropertyNames(current)));
    for (const name of Object.getOwnPropertyNames(current)) parts.push(String(record[name]));
    parts.push(String(record.cause));
    current = record.cause;
  }
  return parts.join("\n");
}

/**
 * Fails if any spelling of the key, or any 10-character piece of it, shows anywhere in the
 * error; pieces catch partial echoes such as the start of a body quoted by a JSON parser.
 */
export function expectNoApiKey(error: unknown, apiKey: string = TEST_API_KEY): void {
  const text = everythingAbout(error);
  const spellings = [
    apiKey,
    encodeURIComponent(apiKey),
    new URLSearchParams({ k: apiKey }).toString().slice(2),
    JSON.stringify(apiKey).slice(1, -1),
  ];
  for (const spelling of spellings) {
    for (let start = 0; start + 10 <= spelling.length; start += 1) {
      const piece = spelling.slice(start, start + 10);
      if (text.includes(piece)) {
        throw new Error(
          `The error exposes part of the API key (${JSON.stringify(piece)}):\n${text}`,
        );
      }
    }
  }
}

/**
 * Awaits a promise that must reject, checks the rejection never exposes the key, and returns it.
 */
export async function rejectionOf(promise: Promise<unknown>, apiKey?: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    expectNoApiKey(error, apiKey);
    return error;
  }
  throw new Error("Expected the promise to reject, but it resolved.");
}
