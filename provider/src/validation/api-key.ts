/**
 * Checks that an API key is present. The reason never contains the key, so it is safe to log.
 *
 * @returns `undefined` when valid, otherwise what is expected.
 * @example
 * ```ts
 * validateApiKey("JOD-3c4708cf-dc4c-4166-9cc3-ba483f6b7f6b"); // undefined
 * validateApiKey(""); // "must be a non-empty string: the API key from the JOD dashboard, ..."
 * ```
 */
export function validateApiKey(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return undefined;
  return (
    "must be a non-empty string: the API key from the JOD dashboard, set with " +
    "`pulumi config set --secret jod:apiKey <key>`"
  );
}
