import type { ConfigMap } from "@pulumi/pulumi/automation";
import { jodConfig, useTestEmulator } from "../helpers/jod-test-setup";
import { relayToken } from "../helpers/relay-client";
import { useRelay } from "../helpers/relay-process";
import { relayConfig } from "../helpers/relay-stack";
import {
  expectPreviewRefused,
  previewRounds,
  SwitchableDeploymentStack,
  type BadCase,
  type PreviewText,
} from "../helpers/reliability-deployment-stack";
import { freePort } from "../helpers/reliability-processes";

jest.setTimeout(300_000);

/** Runs `pulumi up` of one deployment on a fresh stack with `config`; it must fail. */
async function upFails(config: ConfigMap): Promise<string> {
  const deployment = await SwitchableDeploymentStack.create(config);
  try {
    deployment.declare("rec");
    const output = await deployment.upToFail();
    // Nothing was bought, so nothing is recorded.
    expect(await deployment.recorded()).toHaveLength(0);
    return output;
  } finally {
    await deployment.remove();
  }
}

describe("relay errors are clear, name the key, leak no secret and send nothing to JOD", () => {
  const relay = useRelay();
  const fixture = useTestEmulator();
  afterEach(() => {
    // Every relay problem is found before the deploy request.
    expect(fixture.emulator.requests()).toHaveLength(0);
  });

  it("a wrong jod:relaySecret fails `pulumi up` as refused by the relay (401)", async () => {
    const wrong = relayToken();
    const output = await upFails(
      relayConfig(fixture.emulator, { baseUrl: relay.baseUrl, secret: wrong }),
    );
    expect(output).toContain("refused the secret (HTTP 401)");
    expect(output).toContain("jod:relaySecret does not match the secret the relay was set up with");
    expect(output).not.toContain(wrong);
    expect(output).not.toContain(relay.secret);
  });

  it("a relay that is down fails `pulumi up` naming jod:callbackRelay", async () => {
    const baseUrl = `http://127.0.0.1:${await freePort()}/jod-relay`;
    const output = await upFails(relayConfig(fixture.emulator, { baseUrl, secret: relay.secret }));
    expect(output).toContain(`The callback relay at ${baseUrl} could not be reached`);
    expect(output).toContain("Check that jod:callbackRelay is the relay's public base URL");
    expect(output).not.toContain(relay.secret);
  });

  it("a URL that is no relay fails `pulumi up` naming jod:callbackRelay", async () => {
    const baseUrl = `${fixture.emulator.url}/jod-relay`;
    const output = await upFails(relayConfig(fixture.emulator, { baseUrl, secret: relay.secret }));
    expect(output).toContain("not as a pulumi-jod relay");
    expect(output).toContain("jod:callbackRelay does not point at a pulumi-jod relay");
    expect(output).not.toContain(relay.secret);
  });

  it("a jod:relaySecret set in plain text fails `pulumi up`, naming --secret", async () => {
    const config = relayConfig(fixture.emulator, relay);
    const output = await upFails({
      ...config,
      "jod:relaySecret": { value: relay.secret, secret: false },
    });
    expect(output).toContain("jod:relaySecret is set in plain text");
    expect(output).toContain("pulumi config set --secret jod:relaySecret <secret>");
    expect(output).not.toContain(relay.secret);
  });

  describe("bad relay settings fail at preview", () => {
    // Preview never contacts the relay: any loopback URL will do.
    const relayUrl = "http://127.0.0.1:9/jod-relay";
    const badSecret = "Not-A-Hex-Secret-0123456789";
    // Each case spoils the relay settings its own way, so each gets a preview of its own.
    const CASES: BadCase[] = [
      {
        dimension: "jod:callbackRelay without jod:relaySecret",
        config: { key: "jod:callbackRelay", value: { value: relayUrl } },
        expected: [
          "has a problem: jod:callbackRelay is set but jod:relaySecret is not",
          "pulumi config set --secret jod:relaySecret",
        ],
      },
      {
        dimension: "jod:callbackRelay on plain http off loopback",
        config: { key: "jod:callbackRelay", value: { value: "http://meet.example.com/jod-relay" } },
        expected: [
          "has a problem: jod:callbackRelay must use https",
          "https://<jitsi host>/jod-relay (http only on loopback)",
        ],
      },
      {
        dimension: "jod:callbackRelay without the relay's path",
        config: { key: "jod:callbackRelay", value: { value: "http://127.0.0.1:9" } },
        expected: [
          "has a problem: jod:callbackRelay must end with the relay's path prefix",
          "http://127.0.0.1:9/jod-relay",
        ],
      },
      {
        dimension: "jod:relaySecret not 64 hex",
        config: { key: "jod:relaySecret", value: { value: badSecret, secret: true } },
        expected: [
          "has a problem: jod:relaySecret must be 64 lowercase hex characters",
          "openssl rand -hex 32",
        ],
      },
      {
        dimension: "jod:callbackUrl and jod:callbackRelay both set",
        config: { key: "jod:callbackUrl", value: { value: "https://hooks.example.com/jod" } },
        env: { JOD_CALLBACK_RELAY: relayUrl },
        expected: [
          "has a problem: jod:callbackUrl and jod:callbackRelay are both set",
          "pulumi config rm jod:callbackUrl",
        ],
      },
    ].map((badCase) => ({ ...badCase, solo: true }) as BadCase);
    let seen: Map<BadCase, PreviewText>;
    let deployment: SwitchableDeploymentStack;

    beforeAll(async () => {
      const base = jodConfig(fixture.emulator);
      deployment = await SwitchableDeploymentStack.create(base);
      seen = await previewRounds(deployment, base, CASES);
    });
    afterAll(async () => {
      await deployment?.remove();
    });

    it.each(CASES.map((c) => [c.dimension, c] as const))("%s", (_dimension, badCase) => {
      const preview = seen.get(badCase);
      expectPreviewRefused(preview, badCase);
      expect(preview?.text).not.toContain(badSecret);
    });
  });
});

describe("a relay on nchan's memory store", () => {
  const relay = useRelay({ withRedis: false });
  const fixture = useTestEmulator();

  it("is refused by `pulumi up` before anything is sent: its journal would not survive a reload", async () => {
    const output = await upFails(relayConfig(fixture.emulator, relay));
    expect(output).toContain("keeps its messages in nginx's memory (its ping says store: memory)");
    expect(output).toContain("Use the Redis store: copy store-redis.conf over store.conf");
    expect(output).not.toContain("does not point at a pulumi-jod relay");
    expect(output).not.toContain(relay.secret);
    expect(fixture.emulator.requests()).toHaveLength(0);
  });

  it("is refused by `pulumi preview`, naming the Redis store", async () => {
    const deployment = await SwitchableDeploymentStack.create(relayConfig(fixture.emulator, relay));
    try {
      deployment.declare("rec");
      const preview = await deployment.previewText();
      expect(preview.failed).toBe(true);
      expect(preview.text).toContain("its ping says store: memory");
      expect(preview.text).toContain("Use the Redis store");
      expect(preview.text).not.toContain(relay.secret);
    } finally {
      await deployment.remove();
    }
    expect(fixture.emulator.requests()).toHaveLength(0);
  });
});
