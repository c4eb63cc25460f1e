import { startEmulator, type RunningEmulator } from "../../emulator/src";
import { postDeployRecorder } from "../helpers/emulator-deploy-client";
import {
  deployForm,
  expectNothingDeployedOrCharged,
  TEST_API_KEY,
  TEST_BALANCE,
  TEST_DOMAIN,
  useEmulator,
} from "../helpers/emulator-test-fixture";

describe("by default", () => {
  const ctx = useEmulator();

  test("a callback URL on another host is refused with 400 before anything is deployed", async () => {
    const reply = await ctx.deploy({ callback_url: "https://api.mydomain/deployed-recorder" });

    expect(reply.status).toBe(400);
    expect(reply.json?.message).toMatch(
      /^invalid callback_url: host api\.mydomain is not loopback/,
    );
    expectNothingDeployedOrCharged(ctx.emulator);
  });

  test.each(["http://localhost:9/cb", "http://127.8.9.10:9/cb", "http://[::1]:9/cb"])(
    "the loopback callback URL %s is accepted",
    async (callbackUrl) => {
      ctx.emulator.setFaults({ callbackMode: "drop" });

      const reply = await ctx.deploy({ callback_url: callbackUrl });

      expect(reply.status).toBe(200);
    },
  );
});

describe("with allowRemoteCallbacks", () => {
  let emulator: RunningEmulator;
  beforeEach(async () => {
    emulator = await startEmulator({
      accounts: [{ apiKey: TEST_API_KEY, balance: TEST_BALANCE, domains: [TEST_DOMAIN] }],
      allowRemoteCallbacks: true,
    });
  });
  afterEach(() => emulator.close());

  test("a callback URL on another host is accepted", async () => {
    // No callback is sent: the test must not reach out to the network.
    emulator.setFaults({ callbackMode: "drop" });

    const reply = await postDeployRecorder(
      emulator.url,
      deployForm("http://127.0.0.1/unused", { callback_url: "https://api.mydomain/deployed" }),
    );

    expect(reply.status).toBe(200);
    expect(emulator.deployments()[0].callbackUrl).toBe("https://api.mydomain/deployed");
  });
});
