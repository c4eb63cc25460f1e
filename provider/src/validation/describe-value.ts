/**
 * Names what a caller passed without echoing strings, which may be secret (an API key, a URL
 * with a password in it). Numbers are shown because they are never secret here and help most.
 *
 * @example
 * ```ts
 * describeValue(2.5); // "2.5"
 * describeValue("2"); // "a string"
 * describeValue(null); // "null"
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "number":
      return String(value);
    case "undefined":
      return "nothing (undefined)";
    case "string":
      return value === "" ? "an empty string" : "a string";
    case "object":
      return "an object";
    case "bigint":
      return "a bigint";
    default:
      return `a ${typeof value}`;
  }
}
