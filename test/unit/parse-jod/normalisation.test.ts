import { CallbackRegistry } from "../../../provider/src/callbacks/callback-registry";
import { JodDeploymentFailedError } from "../../../provider/src/errors";
import {
  createRedactor,
  MAX_JOD_MESSAGE_LENGTH,
  parseCallbackBody,
  parseDeployAnswer,
  type JodAnswer,
} from "../../../provider/src/parse-jod";
import { failureCallback, successCallback } from "../../helpers/unit-callback-bodies";

/** 64 kB: as much as the callback endpoint and the client accept. */
const HUGE_MESSAGE = `start ${"m".repeat(64 * 1024)}`;
const CONTROL_MESSAGE = "no\u0000 cap\u001b[31macity\u0007\r\n left\u007f";

function answer(body: unknown, status = 200): JodAnswer {
  return { status, location: null, retryAfter: null, text: JSON.stringify(body), truncated: false };
}

function parseAnswer(body: unknown, status = 200) {
  const context = { domain: "meet.example.com", attempts: 1, redact: createRedactor("KEY") };
  return parseDeployAnswer(answer(body, status), { ...context, warn: () => {} });
}

function callbackOutcome(body: unknown) {
  const { outcome } = parseCallbackBody(body);
  if (!outcome) throw new Error("expected the callback to parse");
  return outcome;
}

describe("one normalisation for JOD's answer and its callback", () => {
  it("trims the deployment id in both, so a callback id with stray whitespace still matches", () => {
    const accepted = parseAnswer({ it: "worked", deployment_id: " dep-7 \n" });
    expect(accepted.deploymentId).toBe("dep-7");
    const registry = new CallbackRegistry();
    const pending = registry.register();
    pending.expectDeployment(accepted.deploymentId);
    expect(registry.deliver(pending.token, successCallback("\tdep-7  "))).toBe("accepted");
  });

  it("trims recorder ids and the outcome word of a callback", () => {
    const outcome = callbackOutcome({
      it: " worked ",
      deployment_info: {
        deployment_id: "dep-1",
        recorders: [{ recorder_id: " rec-1 ", recorder_ip: "203.0.113.10" }],
      },
    });
    expect(outcome).toMatchObject({ deploymentId: "dep-1", recorders: [{ id: "rec-1" }] });
  });

  it("bounds a 64 kB message to 500 characters in the answer and in both kinds of callback", () => {
    const messages = [
      parseAnswer({ it: "worked", deployment_id: "dep-1", message: HUGE_MESSAGE }).message,
      callbackOutcome(successCallback("dep-1", undefined, HUGE_MESSAGE)).message,
      callbackOutcome(failureCallback(HUGE_MESSAGE)).message,
    ];
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(MAX_JOD_MESSAGE_LENGTH);
      expect(message.startsWith("start mmm")).toBe(true);
      expect(message.endsWith("…")).toBe(true);
    }
    expect(MAX_JOD_MESSAGE_LENGTH).toBe(500);
  });

  it("strips control characters from messages in the answer and the callback", () => {
    const messages = [
      parseAnswer({ it: "worked", deployment_id: "dep-1", message: CONTROL_MESSAGE }).message,
      callbackOutcome(successCallback("dep-1", undefined, CONTROL_MESSAGE)).message,
      callbackOutcome(failureCallback(CONTROL_MESSAGE)).message,
    ];
    for (const message of messages) {
      expect(message).not.toMatch(/\p{Cc}/u);
      expect(message).toBe("no cap [31macity left");
    }
  });

  it("bounds and strips JOD's message where it reaches an error", () => {
    let refusal: unknown;
    try {
      parseAnswer({ it: "failed", message: `${CONTROL_MESSAGE}${HUGE_MESSAGE}` }, 402);
    } catch (error) {
      refusal = error;
    }
    const failure = callbackOutcome(failureCallback(HUGE_MESSAGE));
    const failed = new JodDeploymentFailedError({
      deploymentId: "dep-1",
      location: "lon",
      jodMessage: failure.message,
    });
    for (const error of [refusal, failed] as JodDeploymentFailedError[]) {
      const jodMessage = error.jodMessage ?? "";
      expect(jodMessage.length).toBeLessThanOrEqual(MAX_JOD_MESSAGE_LENGTH);
      expect(error.message).not.toMatch(/\p{Cc}/u);
      expect(error.message.length).toBeLessThan(MAX_JOD_MESSAGE_LENGTH + 400);
    }
  });
});
