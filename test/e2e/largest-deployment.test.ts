import * as jod from "pulumi-jod";
import { startEmulator, type RunningEmulator } from "../../emulator/src";
import { LIMITS } from "../../provider/src/validation";
import { jodConfig, TEST_API_KEY, TEST_DOMAIN } from "../helpers/jod-test-setup";
import { PulumiTestStack } from "../helpers/pulumi-test-stack";
import { useRelay } from "../helpers/relay-process";
import { relayConfig } from "../helpers/relay-stack";

jest.setTimeout(240_000);

const LARGEST = LIMITS.recorders.max;

/**
 * The largest deployment pulumi-jod allows (10,000 recorders in one location) on the real
 * engine: JOD's callback (about 2 MB) passes the direct listener and the relay, and the stack
 * holds every recorder's IP.
 */
describe(`a deployment of ${LARGEST} recorders`, () => {
  const relay = useRelay();
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      accounts: [{ apiKey: TEST_API_KEY, balance: 10 * LARGEST, domains: [TEST_DOMAIN] }],
      capacity: { lon: 2 * LARGEST },
      pricePerRecorderHour: 0.1,
      callbackDelayMs: 50,
    });
  });
  afterAll(() => emulator?.close());

  it.each(["direct", "relay"] as const)("is ready with every IP (%s)", async (mode) => {
    const config = {
      ...(mode === "relay" ? relayConfig(emulator, relay) : jodConfig(emulator)),
      "jod:maxRecorderHours": { value: "none" },
    };
    const program = async () => {
      const deployment = new jod.RecorderDeployment(`largest-${mode}`, {
        domain: TEST_DOMAIN,
        recorders: LARGEST,
        duration: 1,
        location: "lon",
        timeoutSeconds: 120,
      });
      return { ips: deployment.recorderIps, status: deployment.status };
    };
    const stack = await PulumiTestStack.create({ program, config });
    try {
      const { outputs } = await stack.up();
      expect(outputs.status).toBe("ready");
      expect(outputs.ips).toHaveLength(LARGEST);
      const paid = emulator.deployments().at(-1);
      expect(outputs.ips).toEqual(paid?.recorders.map((recorder) => recorder.recorder_ip));
    } finally {
      await stack.remove();
    }
  });
});
