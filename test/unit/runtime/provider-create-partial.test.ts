import {
  JodCallbackTimeoutError,
  JodRequestError,
  KEPT_ADVICE,
} from "../../../provider/src/errors";
import {
  accepted,
  createUnitProvider,
  deploymentInputs,
  UNIT_API_KEY,
  UNIT_NOW,
} from "../../helpers/unit-provider-harness";
import { rejectionOf } from "../../helpers/scripted-key-scan";

describe("provider create when JOD accepts but never calls back", () => {
  it("fails as a partial create that keeps the accepted deployment, awaiting its callback", async () => {
    const unit = createUnitProvider({ script: async () => accepted("dep-silent", { balance: 4 }) });
    const inputs = deploymentInputs({ timeoutSeconds: 1 });
    const error = await rejectionOf(unit.provider.create(inputs), UNIT_API_KEY);
    expect(error).toBeInstanceOf(JodCallbackTimeoutError);
    const { message } = error as JodCallbackTimeoutError;
    expect(message).toContain(
      "JOD accepted deployment dep-silent but did not call back within 1 s",
    );
    expectOnlyKeptAdvice(message, "awaiting-callback");
    expect(error).toMatchObject({
      code: "CALLBACK_TIMEOUT",
      id: "dep-silent",
      reasons: [message],
      properties: {
        ...inputs,
        deploymentId: "dep-silent",
        status: "awaiting-callback",
        deployedRecorders: [],
        recorderIps: [],
        balance: 4,
        deployedAt: "2030-01-01T00:00:00.000Z",
        expiresAt: "2030-01-01T03:00:00.000Z",
        message: "your deployment will join your jitsi soon",
      },
    });
  });
});

describe("provider create when JOD's answer is lost and no callback comes", () => {
  it("fails as a partial create that keeps an unconfirmed deployment in the stack", async () => {
    const unit = createUnitProvider({
      script: async () => {
        throw new JodRequestError("SERVER_ERROR", { status: 500, jodMessage: "something broke" });
      },
    });
    const inputs = deploymentInputs({ timeoutSeconds: 1 });
    const error = await rejectionOf(unit.provider.create(inputs), UNIT_API_KEY);
    expect(error).toMatchObject({ code: "SERVER_ERROR" });
    const id = `unconfirmed-${Date.parse(UNIT_NOW)}`;
    const { message } = error as JodRequestError;
    expect(error).toMatchObject({
      id,
      reasons: [message],
      properties: {
        ...inputs,
        deploymentId: id,
        status: "unconfirmed",
        deployedRecorders: [],
        recorderIps: [],
        deployedAt: "2030-01-01T00:00:00.000Z",
        expiresAt: "2030-01-01T03:00:00.000Z",
        message,
      },
    });
    expect((error as { properties: object }).properties).not.toHaveProperty("balance");
    expect(message).toContain("deployment may exist");
    expectOnlyKeptAdvice(message, "unconfirmed");
  });
});

/**
 * The engine hands create every property, including the serialized provider; a partial create's
 * properties become the state, and destroy/refresh find the provider only there.
 */
const SERIALIZED_PROVIDER = "exports.handler = function () { /* shim */ }";

describe("provider create partial results", () => {
  it.each([
    [
      "unconfirmed",
      async () => Promise.reject(new JodRequestError("SERVER_ERROR", { status: 500 })),
    ],
    ["awaiting-callback", async () => accepted("dep-silent")],
  ])("keep the serialized provider in a %s deployment's state", async (status, script) => {
    const unit = createUnitProvider({ script });
    const inputs = { ...deploymentInputs({ timeoutSeconds: 1 }), __provider: SERIALIZED_PROVIDER };
    const error = await rejectionOf(unit.provider.create(inputs), UNIT_API_KEY);
    expect(error).toMatchObject({ properties: { status, __provider: SERIALIZED_PROVIDER } });
  });
});

/** What the next `pulumi up` does, and nothing that contradicts it (such as "retrying charges twice"). */
function expectOnlyKeptAdvice(message: string, status: "awaiting-callback" | "unconfirmed"): void {
  expect(message.endsWith(`${KEPT_ADVICE[status]} ${KEPT_ADVICE.next}`)).toBe(true);
  expect(message).toContain("The next `pulumi up` keeps this entry and does not deploy again");
  expect(message).toContain("`pulumi up --replace <urn>`");
  expect(message).not.toMatch(/retry(ing)? would|a second time/);
}
