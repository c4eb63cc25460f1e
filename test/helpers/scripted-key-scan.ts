import { inspect } from "node:util";
import { TEST_API_KEY } from "./constants";

export { TEST_API_KEY };

/** A key with characters that form-encoding, URL-encoding and JSON escape differently. */
export const AWKWARD_API_KEY = 'JOD-s3cr3t+/=&?"\\ key ü';

/**
 * Every 10-character piece of every spelling of the key (plain, form, URL, JSON, base64).
 * Pieces catch partial echoes, such as a body cut in the middle of the key.
 */
function keyPieces(apiKey: string): Set<string> {
  const spellings = new Set([
    apiKey,
    encodeURIComponent(apiKey),
    new URLSearchParams({ k: apiKey }).toString().slice(2),
    JSON.stringify(apiKey).slice(1, -1),
    Buffer.from(apiKey).toString("base64"),
  ]);
  const pieces = new Set<string>();
  for (const spelling of spellings) {
    for (let start = 0; start + 10 <= spelling.length; start += 1) {
      pieces.add(spelling.slice(start, start + 10));
    }
  }
  return pieces;
}

/**
 * Every place where any spelling of the key, or any 10-character piece of it, shows up.
 * Returns "source: piece" lines; an empty list means no leak.
 */
export function findKeyLeaks(sources: Record<string, string>, apiKey: string): string[] {
  const pieces = keyPieces(apiKey);
  const leaks: string[] = [];
  for (const [source, text] of Object.entries(sources)) {
    for (const piece of pieces) if (text.includes(piece)) leaks.push(`${source}: ${piece}`);
  }
  return leaks;
}

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

/** Fails if any spelling of the key, or any 10-character piece of it, shows anywhere in the error. */
export function expectNoApiKey(error: unknown, apiKey: string = TEST_API_KEY): void {
  const text = everythingAbout(error);
  const [leak] = findKeyLeaks({ error: text }, apiKey);
  if (leak) {
    throw new Error(`The error exposes part of the API key (${JSON.stringify(leak)}):\n${text}`);
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
