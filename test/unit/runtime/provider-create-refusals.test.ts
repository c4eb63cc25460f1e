import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  JodCallbackListenerError,
  JodDeploymentFailedError,
  JodNotConfiguredError,
  JodRequestError,
} from "../../../provider/src/errors";
import { failureCallback } from "../../helpers/unit-callback-bodies";
import {
  accepted,
  configuredEnv,
  createUnitProvider,
  deploymentInputs,
  UNIT_API_KEY,
} from "../../helpers/unit-provider-harness";
import { rejectionOf } from "../../helpers/scripted-key-scan";
import { connectionErrorCode } from "../../helpers/unit-http";

describe("provider create when JOD calls back with a failure", () => {
  it("throws JodDeploymentFailedError with JOD's message and the deployment id", async () => {
    const unit = createUnitProvider({
      script: async ({ callBackLater }) => {
        callBackLater(failureCallback("recorders not available in specified location"));
        return accepted("dep-9");
      },
    });
    const error = await rejectionOf(
      unit.provider.create(deploymentInputs({ timeoutSeconds: 5 })),
      UNIT_API_KEY,
    );
    expect(error).toBeInstanceOf(JodDeploymentFailedError);
    expect(error).toMatchObject({
      code: "DEPLOYMENT_FAILED",
      mayHaveDeployed: false,
      jodMessage: "recorders not available in specified location",
    });
    expect((error as Error).message).toContain("deployment dep-9 in lon");
    // Not a partial create: nothing is kept in the stack.
    expect(error).not.toHaveProperty("properties");
  });
});

describe("provider create when JOD refuses the deployment", () => {
  it.each([
    ["401", () => new JodRequestError("UNAUTHORIZED", { status: 401 })],
    ["402", () => new JodRequestError("INSUFFICIENT_BALANCE", { status: 402 })],
  ])("rethrows the %s error as is, with nothing kept in the stack", async (_name, makeError) => {
    const refusal = makeError();
    const unit = createUnitProvider({
      script: async () => {
        throw refusal;
      },
    });
    const error = await rejectionOf(
      unit.provider.create(deploymentInputs({ timeoutSeconds: 5 })),
      UNIT_API_KEY,
    );
    expect(error).toBe(refusal);
    expect(error).not.toHaveProperty("properties");
    expect(await connectionErrorCode(unit.requests[0].callbackUrl)).toBe("ECONNREFUSED");
  });
});

describe("provider create without usable settings", () => {
  it("throws JodNotConfiguredError naming jod:apiKey and posts nothing", async () => {
    const unit = createUnitProvider({ env: {} });
    const error = await rejectionOf(
      unit.provider.create(deploymentInputs({ timeoutSeconds: 1 })),
      UNIT_API_KEY,
    );
    expect(error).toBeInstanceOf(JodNotConfiguredError);
    expect(error).toMatchObject({ code: "NOT_CONFIGURED", mayHaveDeployed: false });
    expect((error as Error).message).toContain("jod:apiKey is not set");
    expect((error as Error).message).toContain("Nothing was sent to JOD");
    expect(unit.clientOptions).toEqual([]);
    expect(unit.requests).toEqual([]);
  });

  it("refuses to deploy while any setting is invalid", async () => {
    const unit = createUnitProvider({
      env: { ...configuredEnv(), JOD_CALLBACK_URL: "not a url" },
    });
    const error = await rejectionOf(
      unit.provider.create(deploymentInputs({ timeoutSeconds: 1 })),
      UNIT_API_KEY,
    );
    expect(error).toBeInstanceOf(JodNotConfiguredError);
    expect((error as Error).message).toContain("JOD_CALLBACK_URL must be");
    expect(unit.requests).toEqual([]);
  });
});

describe("provider create when jod:callbackListen is taken", () => {
  const blocker = http.createServer();
  beforeAll(async () => {
    blocker.listen(0, "127.0.0.1");
    await once(blocker, "listening");
  });
  afterAll(async () => {
    const closed = once(blocker, "close");
    blocker.close();
    await closed;
  });

  it("throws JodCallbackListenerError and posts nothing to JOD", async () => {
    const { port } = blocker.address() as AddressInfo;
    const unit = createUnitProvider({
      env: { ...configuredEnv(), JOD_CALLBACK_LISTEN: `127.0.0.1:${port}` },
    });
    const error = await rejectionOf(
      unit.provider.create(deploymentInputs({ timeoutSeconds: 1 })),
      UNIT_API_KEY,
    );
    expect(error).toBeInstanceOf(JodCallbackListenerError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).toContain("jod:callbackListen");
    expect(unit.requests).toEqual([]);
  });
});
