import { fingerprintApiKey } from "./api-key-fingerprint";
import { callbackUrlProblem } from "./callback-url-policy";
import { isJodLocation, JOD_LOCATIONS, type JodLocation } from "./locations";

/**
 * The form fields `POST /deploy-recorder` requires, in the order JOD documents them.
 *
 * @example
 * ```ts
 * DEPLOY_FIELDS.length; // 6
 * ```
 */
export const DEPLOY_FIELDS = [
  "apiKey",
  "domain",
  "recorders",
  "duration",
  "location",
  "callback_url",
] as const;

/**
 * One of `DEPLOY_FIELDS`.
 *
 * @example
 * ```ts
 * const field: DeployField = "callback_url";
 * ```
 */
export type DeployField = (typeof DEPLOY_FIELDS)[number];

/**
 * The required fields, each present once and not blank, still as strings.
 *
 * @example
 * ```ts
 * const form: DeployForm = {
 *   apiKey: "JOD-…", domain: "meet.example.com", recorders: "2", duration: "1",
 *   location: "lon", callback_url: "http://127.0.0.1:9000/cb",
 * };
 * ```
 */
export type DeployForm = Record<DeployField, string>;

/**
 * What a valid form asks for, with numbers parsed.
 *
 * @example
 * ```ts
 * const order: DeployOrder = { recorders: 2, duration: 1, location: "lon", callbackUrl: "http://127.0.0.1:9000/cb" };
 * ```
 */
export interface DeployOrder {
  recorders: number;
  duration: number;
  location: JodLocation;
  callbackUrl: string;
}

/**
 * The result of a check: the value, or the field at fault and a message naming it.
 *
 * @example
 * ```ts
 * const result: FormCheck<DeployForm> = readDeployForm({});
 * if (!result.ok) console.log(result.field, result.message);
 * ```
 */
export type FormCheck<T> =
  | { ok: true; value: T }
  | { ok: false; field: DeployField; problem: "missing" | "repeated" | "invalid"; message: string };

/**
 * Reads the required fields from a parsed urlencoded body. A field that is absent or blank is
 * "missing"; a field given twice (an array once parsed) is "repeated".
 *
 * @example
 * ```ts
 * readDeployForm({ apiKey: "JOD-1" }); // { ok: false, field: "domain", problem: "missing", … }
 * ```
 */
export function readDeployForm(body: unknown): FormCheck<DeployForm> {
  const fields = isRecord(body) ? body : {};
  const form: Partial<DeployForm> = {};
  for (const field of DEPLOY_FIELDS) {
    const value = Object.hasOwn(fields, field) ? fields[field] : undefined;
    if (Array.isArray(value)) {
      return {
        ok: false,
        field,
        problem: "repeated",
        message: `field ${field} given more than once`,
      };
    }
    if (typeof value !== "string" || value.trim() === "") {
      return { ok: false, field, problem: "missing", message: `missing required field: ${field}` };
    }
    form[field] = value;
  }
  return { ok: true, value: form as DeployForm };
}

/**
 * Checks the values of a complete form: positive integer `recorders` and `duration`, a
 * documented `location`, and an acceptable `callback_url` (see `callbackUrlProblem`).
 *
 * @example
 * ```ts
 * const check = validateDeployOrder(form, false);
 * if (check.ok) console.log(check.value.recorders * check.value.duration);
 * ```
 */
export function validateDeployOrder(
  form: DeployForm,
  allowRemoteCallbacks: boolean,
): FormCheck<DeployOrder> {
  const recorders = parsePositiveInteger(form.recorders);
  if (recorders === undefined)
    return invalid("recorders", "invalid recorders: must be a positive integer");
  const duration = parsePositiveInteger(form.duration);
  if (duration === undefined) {
    return invalid("duration", "invalid duration: must be a positive integer number of hours");
  }
  if (!isJodLocation(form.location)) {
    return invalid("location", `invalid location: must be one of ${JOD_LOCATIONS.join(", ")}`);
  }
  const callbackProblem = callbackUrlProblem(form.callback_url, allowRemoteCallbacks);
  if (callbackProblem !== undefined) return invalid("callback_url", callbackProblem);
  return {
    ok: true,
    value: { recorders, duration, location: form.location, callbackUrl: form.callback_url },
  };
}

/**
 * Copies a parsed body for the request log with `apiKey` replaced by its fingerprint.
 *
 * @example
 * ```ts
 * redactDeployFields({ apiKey: "JOD-3c4708cf-dc4c-4166-9cc3-ba483f6b7f6b", recorders: "2" });
 * // { apiKey: "JOD-…7f6b", recorders: "2" }
 * ```
 */
export function redactDeployFields(body: unknown): Record<string, string | string[]> {
  if (!isRecord(body)) return {};
  // Object.fromEntries defines own properties, so a "__proto__" field stays a plain field.
  return Object.fromEntries(
    Object.entries(body)
      .filter((entry): entry is [string, string | string[]] => isFieldValue(entry[1]))
      .map(([name, value]) => [name, name === "apiKey" ? redactKeyValue(value) : value]),
  );
}

function redactKeyValue(value: string | string[]): string | string[] {
  return Array.isArray(value) ? value.map(fingerprintApiKey) : fingerprintApiKey(value);
}

function isFieldValue(value: unknown): value is string | string[] {
  return (
    typeof value === "string" ||
    (Array.isArray(value) && value.every((item) => typeof item === "string"))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parsePositiveInteger(text: string): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function invalid<T>(field: DeployField, message: string): FormCheck<T> {
  return { ok: false, field, problem: "invalid", message };
}
