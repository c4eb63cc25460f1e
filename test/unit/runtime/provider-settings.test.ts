import { CLIENT_DEFAULTS } from "../../../provider/src/client/jod-client";
import {
  DEFAULT_CALLBACK_LISTEN,
  parseListenAddress,
  readProviderSettings,
} from "../../../provider/src/settings";

const configFrom =
  (values: Record<string, string>) =>
  (key: string): string | undefined =>
    values[key];

describe("readProviderSettings sources", () => {
  it("prefers stack config over the environment for every key", () => {
    const { settings, failures } = readProviderSettings(
      configFrom({
        "jod:apiKey": "JOD-from-config",
        "jod:endpoint": "http://127.0.0.1:8080",
        "jod:callbackUrl": "https://config.example.com",
        "jod:callbackListen": "127.0.0.1:9000",
        "jod:renewExpired": "true",
      }),
      {
        JOD_API_KEY: "JOD-from-env",
        JOD_ENDPOINT: "http://127.0.0.1:9999",
        JOD_CALLBACK_URL: "https://env.example.com",
        JOD_CALLBACK_LISTEN: "127.0.0.1:9999",
        JOD_RENEW_EXPIRED: "false",
      },
    );
    expect(failures).toEqual([]);
    expect(settings).toEqual({
      apiKey: "JOD-from-config",
      endpoint: "http://127.0.0.1:8080",
      callbackUrl: "https://config.example.com",
      callbackListen: { host: "127.0.0.1", port: 9000 },
      renewExpired: true,
      allowCallbackTokenInClear: false,
      maxRecorderHours: 500,
    });
  });

  it("falls back to JOD_* environment variables", () => {
    const { settings, failures } = readProviderSettings(configFrom({}), {
      JOD_API_KEY: "JOD-from-env",
      JOD_ENDPOINT: "http://127.0.0.1:9999",
      JOD_CALLBACK_URL: "https://env.example.com",
      JOD_CALLBACK_LISTEN: ":8080",
      JOD_RENEW_EXPIRED: "true",
    });
    expect(failures).toEqual([]);
    expect(settings).toEqual({
      apiKey: "JOD-from-env",
      endpoint: "http://127.0.0.1:9999",
      callbackUrl: "https://env.example.com",
      callbackListen: { host: "0.0.0.0", port: 8080 },
      renewExpired: true,
      allowCallbackTokenInClear: false,
      maxRecorderHours: 500,
    });
  });

  it("uses defaults for everything but the API key", () => {
    const { settings, failures } = readProviderSettings(configFrom({}), {
      JOD_API_KEY: "JOD-key",
    });
    expect(failures).toEqual([]);
    expect(settings).toEqual({
      apiKey: "JOD-key",
      endpoint: CLIENT_DEFAULTS.endpoint,
      callbackUrl: undefined,
      callbackListen: { host: "127.0.0.1", port: 0 },
      renewExpired: false,
      allowCallbackTokenInClear: false,
      maxRecorderHours: 500,
    });
    expect(CLIENT_DEFAULTS.endpoint).toBe("https://api.jod.sh");
    expect(DEFAULT_CALLBACK_LISTEN).toBe("127.0.0.1:0");
  });

  it("treats an empty environment variable as unset", () => {
    const { settings, failures } = readProviderSettings(configFrom({}), {
      JOD_API_KEY: "JOD-key",
      JOD_ENDPOINT: "",
      JOD_RENEW_EXPIRED: "",
    });
    expect(failures).toEqual([]);
    expect(settings).toMatchObject({ endpoint: CLIENT_DEFAULTS.endpoint, renewExpired: false });
  });

  it('reads renewExpired "false" as false', () => {
    const { settings } = readProviderSettings(configFrom({ "jod:renewExpired": "false" }), {
      JOD_API_KEY: "JOD-key",
      JOD_RENEW_EXPIRED: "true",
    });
    expect(settings.renewExpired).toBe(false);
  });
});

describe("parseListenAddress", () => {
  it.each([
    [":8080", { host: "0.0.0.0", port: 8080 }],
    ["[::1]:9000", { host: "::1", port: 9000 }],
    ["0.0.0.0:0", { host: "0.0.0.0", port: 0 }],
    ["127.0.0.1:8080", { host: "127.0.0.1", port: 8080 }],
    ["localhost:3000", { host: "localhost", port: 3000 }],
    ["[2001:db8::1]:443", { host: "2001:db8::1", port: 443 }],
  ])("splits %j", (address, expected) => {
    expect(parseListenAddress(address)).toEqual(expected);
  });
});
