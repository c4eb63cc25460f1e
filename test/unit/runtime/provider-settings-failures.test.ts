import { readProviderSettings } from "../../../provider/src/settings";

const WITH_KEY = { JOD_API_KEY: "JOD-key" };

describe("readProviderSettings failures", () => {
  it("says how to set a missing API key", () => {
    const { settings, failures } = readProviderSettings(() => undefined, {});
    expect(settings.apiKey).toBeUndefined();
    expect(failures).toEqual([
      {
        key: "jod:apiKey",
        reason:
          "jod:apiKey is not set: run `pulumi config set --secret jod:apiKey <key>` with the key " +
          "from your JOD dashboard, or set JOD_API_KEY",
      },
    ]);
  });

  it.each([
    ["jod:apiKey", "   "],
    ["jod:apiKey", ""],
    ["jod:endpoint", "api.jod.sh"],
    ["jod:endpoint", "https://api.jod.sh?x=1"],
    ["jod:callbackUrl", "/jod-callback"],
    ["jod:callbackUrl", "https://user:pass@example.com"],
    ["jod:callbackListen", "8080"],
    ["jod:callbackListen", "127.0.0.1:70000"],
    ["jod:renewExpired", "yes"],
    ["jod:renewExpired", "TRUE"],
  ])("names %s in the failure for %j", (key, value) => {
    const { failures } = readProviderSettings(
      (asked) => (asked === key ? value : undefined),
      WITH_KEY,
    );
    expect(failures).toHaveLength(1);
    expect(failures[0].key).toBe(key);
    expect(failures[0].reason.startsWith(`${key} `)).toBe(true);
  });

  it.each([
    ["JOD_API_KEY", " "],
    ["JOD_ENDPOINT", "ftp://api.jod.sh"],
    ["JOD_CALLBACK_URL", "callbacks.example.com"],
    ["JOD_CALLBACK_LISTEN", "[::1]"],
    ["JOD_RENEW_EXPIRED", "1"],
  ])("names the environment variable %s in the failure for %j", (name, value) => {
    const { failures } = readProviderSettings(() => undefined, { ...WITH_KEY, [name]: value });
    expect(failures).toHaveLength(1);
    expect(failures[0].key).toBe(name);
    expect(failures[0].reason.startsWith(`${name} `)).toBe(true);
  });

  it("reports every invalid key at once and falls back to the defaults", () => {
    const { settings, failures } = readProviderSettings(
      (key) =>
        ({
          "jod:endpoint": "nope",
          "jod:callbackUrl": "nope",
          "jod:callbackListen": "nope",
          "jod:renewExpired": "nope",
        })[key],
      {},
    );
    expect(failures.map((failure) => failure.key).sort()).toEqual([
      "jod:apiKey",
      "jod:callbackListen",
      "jod:callbackUrl",
      "jod:endpoint",
      "jod:renewExpired",
    ]);
    expect(settings).toEqual({
      apiKey: undefined,
      endpoint: "https://api.jod.sh",
      callbackUrl: undefined,
      callbackListen: { host: "127.0.0.1", port: 0 },
      renewExpired: false,
      allowCallbackTokenInClear: false,
      maxRecorderHours: 500,
    });
  });

  it("never puts the API key in a failure", () => {
    const { failures } = readProviderSettings(
      (key) => (key === "jod:endpoint" ? "bad" : undefined),
      { JOD_API_KEY: "JOD-very-secret-key" },
    );
    expect(JSON.stringify(failures)).not.toContain("very-secret");
  });
});
