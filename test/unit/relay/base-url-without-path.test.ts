import { readProviderSettings } from "../../../provider/src/settings";

const SECRET = "ab".repeat(32);

describe("a relay base URL without the relay's path prefix", () => {
  it.each([
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080/jod-relay"],
    ["https://meet.example.com/", "https://meet.example.com/jod-relay"],
  ])("%s is refused at preview, naming jod:callbackRelay and the expected form", (url, form) => {
    const { settings, failures } = readProviderSettings(
      (key) => ({ "jod:callbackRelay": url, "jod:relaySecret": SECRET })[key],
      { JOD_API_KEY: "JOD-key" },
    );
    // No relay settings: no create can start, so nothing is sent to JOD (or to the relay).
    expect(settings.relay).toBeUndefined();
    expect(failures).toEqual([
      { key: "jod:callbackRelay", reason: expect.stringContaining(form) as string },
    ]);
    expect(failures[0].reason).toContain("path prefix");
  });
});
