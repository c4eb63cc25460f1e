import { readProviderSettings, unreachableCallbackReason } from "../../../provider/src/settings";

const SECRET = "ab".repeat(32);
const WITH_KEY = { JOD_API_KEY: "JOD-key" };

function settingsFrom(config: Record<string, string>, env: NodeJS.ProcessEnv = WITH_KEY) {
  return readProviderSettings((key) => config[key], env);
}

describe("the relay settings (jod:callbackRelay, jod:relaySecret)", () => {
  it("takes an https relay with its secret, without a trailing slash", () => {
    const { settings, failures } = settingsFrom({
      "jod:callbackRelay": "https://meet.example.com/jod-relay/",
      "jod:relaySecret": SECRET,
    });
    expect(failures).toEqual([]);
    expect(settings.relay).toEqual({
      baseUrl: "https://meet.example.com/jod-relay",
      secret: SECRET,
    });
  });

  it("reads the environment fallbacks", () => {
    const { settings } = settingsFrom(
      {},
      {
        ...WITH_KEY,
        JOD_CALLBACK_RELAY: "http://127.0.0.1:8080/jod-relay",
        JOD_RELAY_SECRET: SECRET,
      },
    );
    expect(settings.relay?.baseUrl).toBe("http://127.0.0.1:8080/jod-relay");
  });

  it.each([
    ["plain http off loopback", "http://meet.example.com/jod-relay", /must use https/],
    ["a query", "https://meet.example.com/jod-relay?x=1", /relay's public base URL/],
    ["no URL at all", "meet.example.com", /relay's public base URL/],
  ])("refuses %s, naming jod:callbackRelay", (_what, url, reason) => {
    const { settings, failures } = settingsFrom({
      "jod:callbackRelay": url,
      "jod:relaySecret": SECRET,
    });
    expect(settings.relay).toBeUndefined();
    expect(failures).toHaveLength(1);
    expect(failures[0].key).toBe("jod:callbackRelay");
    expect(failures[0].reason).toMatch(reason);
  });

  it.each(["not-the-secret-format", SECRET.toUpperCase(), SECRET.slice(1), `${SECRET}0`, ""])(
    "refuses the secret %j, which is not 64 lowercase hex characters, without showing it",
    (secret) => {
      const { settings, failures } = settingsFrom({
        "jod:callbackRelay": "https://meet.example.com/jod-relay",
        "jod:relaySecret": secret,
      });
      expect(settings.relay).toBeUndefined();
      expect(failures.map((failure) => failure.key)).toEqual(["jod:relaySecret"]);
      expect(failures[0].reason).toContain("64 lowercase hex characters");
      expect(failures[0].reason).toContain("openssl rand -hex 32");
      if (secret !== "") expect(failures[0].reason).not.toContain(secret);
    },
  );

  it("asks for the secret when only the relay is set", () => {
    const { failures } = settingsFrom({
      "jod:callbackRelay": "https://meet.example.com/jod-relay",
    });
    expect(failures.map((failure) => failure.key)).toEqual(["jod:relaySecret"]);
    expect(failures[0].reason).toContain("pulumi config set --secret jod:relaySecret");
  });

  it("refuses the relay and the direct callback URL together", () => {
    const { failures } = settingsFrom({
      "jod:callbackRelay": "https://meet.example.com/jod-relay",
      "jod:relaySecret": SECRET,
      "jod:callbackUrl": "https://tunnel.example.com",
    });
    expect(failures.map((failure) => failure.key)).toEqual(["jod:callbackUrl"]);
    expect(failures[0].reason).toContain("jod:callbackRelay");
  });

  it("counts a public relay as reachable for a remote JOD, and a loopback one as not", () => {
    const remote = (relay: string) =>
      unreachableCallbackReason(
        settingsFrom({ "jod:callbackRelay": relay, "jod:relaySecret": SECRET }).settings,
        undefined,
      );
    expect(remote("https://meet.example.com/jod-relay")).toBeUndefined();
    expect(remote("http://127.0.0.1:8080/jod-relay")).toMatch(
      /jod:callbackRelay .* on this machine only/,
    );
  });
});
