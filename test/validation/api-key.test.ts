import { validateApiKey } from "../../provider/src/validation";

const REASON =
  "must be a non-empty string: the API key from the JOD dashboard, set with " +
  "`pulumi config set --secret jod:apiKey <key>`";

describe("validateApiKey", () => {
  it.each(["JOD-3c4708cf-dc4c-4166-9cc3-ba483f6b7f6b", "x"])("accepts %j", (key) => {
    expect(validateApiKey(key)).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ["empty", ""],
    ["blank", "  \t"],
    ["null", null],
    ["missing", undefined],
    ["a number", 123456789],
    ["an array", ["JOD-1"]],
    ["an object", { key: "JOD-1" }],
  ])("rejects %s, without repeating the value", (_name, value) => {
    expect(validateApiKey(value)).toBe(REASON);
  });
});
