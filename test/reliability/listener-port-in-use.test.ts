import net from "node:net";
import type { RunningEmulator } from "../../emulator/src";
import { jodConfig, startTestEmulator } from "../helpers/jod-test-setup";
import { SwitchableDeploymentStack } from "../helpers/reliability-deployment-stack";

jest.setTimeout(120_000);

describe("a callback port that is already taken", () => {
  let emulator: RunningEmulator;
  let occupant: net.Server;
  let port: number;
  let deployment: SwitchableDeploymentStack;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    occupant = net.createServer();
    await new Promise<void>((resolve) => occupant.listen(0, "127.0.0.1", resolve));
    port = (occupant.address() as net.AddressInfo).port;
    deployment = await SwitchableDeploymentStack.create({
      ...jodConfig(emulator),
      "jod:callbackListen": { value: `127.0.0.1:${port}` },
    });
  });
  afterAll(async () => {
    await deployment?.remove();
    await new Promise((resolve) => occupant?.close(resolve));
    await emulator?.close();
  });

  it("fails `pulumi up` naming the address and jod:callbackListen, and sends nothing", async () => {
    const output = await deployment.upToFail();
    expect(output).toContain(
      `The JOD callback listener could not listen on 127.0.0.1:${port}: that address is ` +
        "already in use by another process.",
    );
    expect(output).toContain("pulumi config set jod:callbackListen HOST:PORT");
    expect(output).toContain("Nothing was sent to JOD.");
    expect(emulator.requests()).toEqual([]);
    expect(await deployment.recorded()).toEqual([]);
  });
});
