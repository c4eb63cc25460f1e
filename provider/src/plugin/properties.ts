import type { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";

// The engine's property values as plain objects: secrets arrive and leave wrapped in the
// signature object below (the plugin accepts secrets), unknowns during preview are a sentinel
// string the core already checks for (`UNKNOWN_VALUE`).

/** The signature key and value that mark a secret in the engine's property values. */
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_REFERENCE_SIGNATURE = "5cf8f73096256a8f31e491e813e4eb8e";

/** A resource's properties, top-level names to plain values. */
export type Properties = Record<string, unknown>;

function isSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIGNATURE_KEY] === SECRET_SIGNATURE
  );
}

/** A value wrapped so that the engine keeps it encrypted in state. */
export function secret(value: unknown): unknown {
  return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

/** A reference to the resource `urn` (a component's output naming its children). */
export function resourceReference(urn: string, id: string, packageVersion: string): unknown {
  return { [SIGNATURE_KEY]: RESOURCE_REFERENCE_SIGNATURE, urn, id, packageVersion };
}

/**
 * The properties with their secrets unwrapped, and the names of those that were secret (each
 * input is a scalar, so secrecy is tracked per top-level property).
 */
export function fromStruct(struct: Struct | undefined): {
  values: Properties;
  secrets: Set<string>;
} {
  const values: Properties = {};
  const secrets = new Set<string>();
  for (const [key, value] of Object.entries(struct?.toJavaScript() ?? {})) {
    if (isSecret(value)) secrets.add(key);
    values[key] = isSecret(value) ? value.value : value;
  }
  return { values, secrets };
}

/** Properties for the engine: the named ones wrapped as secrets, undefined ones left out. */
export function toStruct(
  StructClass: typeof Struct,
  values: Properties,
  secrets: Iterable<string> = [],
): Struct {
  const secretNames = new Set(secrets);
  const defined: Record<string, JavaScriptValue> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    // Plain data: the engine's values, or what the core built from them.
    defined[key] = (secretNames.has(key) ? secret(value) : value) as JavaScriptValue;
  }
  return StructClass.fromJavaScript(defined);
}
