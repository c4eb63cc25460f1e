import { RelayDeploymentJournal } from "../../../provider/src/journal/relay-journal";
import { SAMPLE_SECRET } from "../../helpers/unit-journal";

const make =
  (baseUrl: string, secret = SAMPLE_SECRET) =>
  () =>
    new RelayDeploymentJournal({ baseUrl, secret });

describe("RelayDeploymentJournal configuration", () => {
  it.each([
    "meet.example.com/jod-relay",
    "ftp://meet.example.com/jod-relay",
    "https://user:pass@meet.example.com/jod-relay",
    "https://meet.example.com/jod-relay?x=1",
    "https://meet.example.com/jod-relay#top",
  ])("refuses jod:callbackRelay %s", (baseUrl) => {
    expect(make(baseUrl)).toThrow(
      expect.objectContaining({
        code: "RELAY_INVALID_CONFIG",
        message: expect.stringContaining("jod:callbackRelay must be an http(s) URL"),
      }),
    );
  });

  it.each([SAMPLE_SECRET.toUpperCase(), SAMPLE_SECRET.slice(1), `${SAMPLE_SECRET}0`, ""])(
    "refuses a jod:relaySecret that is not 64 lowercase hex characters, without repeating it",
    (secret) => {
      let message = "";
      try {
        make("https://meet.example.com/jod-relay", secret)();
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain("jod:relaySecret must be 64 lowercase hex characters");
      if (secret !== "") expect(message).not.toContain(secret);
    },
  );

  it("accepts an https relay with a trailing slash", () => {
    expect(make("https://meet.example.com/jod-relay/")).not.toThrow();
  });
});
