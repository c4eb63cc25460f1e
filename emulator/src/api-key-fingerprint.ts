const VISIBLE_SUFFIX_LENGTH = 4;
// Below this length the last characters would give away too much of the key.
const MIN_LENGTH_TO_SHOW_SUFFIX = 12;

/**
 * Redacts an API key to a short fingerprint that tells keys apart in logs and records
 * without revealing them: the `JOD-` prefix (when present), an ellipsis and the last 4
 * characters. The emulator never stores or logs a full key outside its account table.
 *
 * @example
 * ```ts
 * fingerprintApiKey("JOD-3c4708cf-dc4c-4166-9cc3-ba483f6b7f6b"); // "JOD-…7f6b"
 * fingerprintApiKey("short"); // "…"
 * ```
 */
export function fingerprintApiKey(apiKey: string): string {
  const prefix = apiKey.startsWith("JOD-") ? "JOD-" : "";
  const suffix =
    apiKey.length >= MIN_LENGTH_TO_SHOW_SUFFIX ? apiKey.slice(-VISIBLE_SUFFIX_LENGTH) : "";
  return `${prefix}…${suffix}`;
}
