/**
 * Every place where any spelling of the key, or any 10-character piece of it, shows up. Pieces
 * catch partial echoes (a body cut in the middle of the key); spellings cover form, URL and JSON
 * encodings. Returns "source: piece" lines; an empty list means no leak.
 */
export function findKeyLeaks(sources: Record<string, string>, apiKey: string): string[] {
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
  const leaks: string[] = [];
  for (const [source, text] of Object.entries(sources)) {
    for (const piece of pieces) if (text.includes(piece)) leaks.push(`${source}: ${piece}`);
  }
  return leaks;
}
