/**
 * Thrown when options, CLI flags or admin request bodies do not have the expected shape.
 * The admin API answers it with 400 and the CLI exits with status 2.
 *
 * @example
 * ```ts
 * try {
 *   await startEmulator({ port: -1 });
 * } catch (error) {
 *   if (error instanceof InvalidInputError) console.error(error.message);
 * }
 * ```
 */
export class InvalidInputError extends Error {
  override readonly name = "InvalidInputError";
}

/**
 * Checks that a value is a plain JSON-like object and that it has no keys besides `allowed`.
 *
 * @example
 * ```ts
 * const body = expectObject(JSON.parse('{"maintenance":true}'), "faults", ["maintenance"]);
 * ```
 */
export function expectObject(
  value: unknown,
  what: string,
  allowed: readonly string[],
): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidInputError(`${what} must be an object`);
  }
  const unknownKeys = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknownKeys.length > 0) {
    throw new InvalidInputError(
      `${what} has unknown field(s) ${unknownKeys.join(", ")}; allowed: ${allowed.join(", ")}`,
    );
  }
  return value as Record<string, unknown>;
}

/**
 * Checks that a value is a finite number that is not negative.
 *
 * @example
 * ```ts
 * expectNonNegativeNumber(0.1, "pricePerRecorderHour"); // 0.1
 * ```
 */
export function expectNonNegativeNumber(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new InvalidInputError(`${what} must be a non-negative number`);
  }
  return value;
}

/**
 * Checks that a value is an integer from 0 up to `max`.
 *
 * @example
 * ```ts
 * expectNonNegativeInteger(3, "htmlNext"); // 3
 * ```
 */
export function expectNonNegativeInteger(
  value: unknown,
  what: string,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidInputError(`${what} must be an integer from 0 to ${max}`);
  }
  return value;
}

/**
 * Checks that a value is a boolean.
 *
 * @example
 * ```ts
 * expectBoolean(true, "maintenance"); // true
 * ```
 */
export function expectBoolean(value: unknown, what: string): boolean {
  if (typeof value !== "boolean") {
    throw new InvalidInputError(`${what} must be true or false`);
  }
  return value;
}

/**
 * Checks that a value is a string with at least one non-blank character.
 *
 * @example
 * ```ts
 * expectNonEmptyString("127.0.0.1", "host"); // "127.0.0.1"
 * ```
 */
export function expectNonEmptyString(value: unknown, what: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidInputError(`${what} must be a non-empty string`);
  }
  return value;
}
