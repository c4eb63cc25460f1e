import { CallbackRegistry } from "../../../provider/src/callbacks/callback-registry";
import {
  createRedactor,
  JOD_ID_PATTERN,
  parseCallbackBody,
  parseDeployAnswer,
  readOutcomeWord,
} from "../../../provider/src/parse-jod";
import { successCallback } from "../../helpers/unit-callback-bodies";

function parseAnswer(body: unknown) {
  const answer = {
    status: 200,
    location: null,
    retryAfter: null,
    text: JSON.stringify(body),
    truncated: false,
  };
  const context = { domain: "meet.example.com", attempts: 1, redact: createRedactor("KEY") };
  return parseDeployAnswer(answer, { ...context, warn: () => {} });
}

/** A success callback whose one recorder has this id. */
function withRecorderId(recorderId: unknown) {
  return {
    it: "worked",
    deployment_info: {
      deployment_id: "dep-1",
      recorders: [{ recorder_id: recorderId, recorder_ip: "192.0.2.1" }],
    },
  };
}

const VALID_IDS: Array<[string, string]> = [
  ["one character", "a"],
  ["128 characters", "d".repeat(128)],
  ["JOD's documented id", "wedsas-ewfzasfe-zdcxcv-sefe"],
  ["a UUID", "3b0d9a4e-6f1c-4b8e-9c1d-2a7f5e6b8c90"],
  ["every printable ASCII character but space", "!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~"],
];
const INVALID_IDS: Array<[string, unknown]> = [
  ["129 characters", "d".repeat(129)],
  ["a megabyte", "d".repeat(1024 * 1024)],
  ["a NUL", "dep\u0000"],
  ["an escape sequence", "dep\u001b[31m"],
  ["a line break inside", "dep\n1"],
  ["DEL", "dep\u007f"],
  ["a space inside", "dep 1"],
  ["a non-ASCII letter", "dép-1"],
  ["a look-alike (Cyrillic a)", "dep-\u0430"],
  ["a zero-width space", "dep\u200b1"],
  ["an empty string", ""],
  ["a blank string", "   "],
  ["an object", { id: "dep-1" }],
  ["null", null],
];

describe("JOD_ID_PATTERN: 1 to 128 printable ASCII characters, no space", () => {
  it.each(VALID_IDS)("takes %s", (_name, id) => expect(JOD_ID_PATTERN.test(id)).toBe(true));
});

describe("deployment ids in JOD's answer", () => {
  it.each(VALID_IDS)("takes %s", (_name, id) => {
    expect(parseAnswer({ it: "worked", deployment_id: id }).deploymentId).toBe(id);
  });

  it("takes a number, as text", () => {
    expect(parseAnswer({ it: "worked", deployment_id: 42 }).deploymentId).toBe("42");
  });

  it.each(INVALID_IDS)("refuses %s as an invalid answer that may have deployed", (_name, id) => {
    expect(() => parseAnswer({ it: "worked", deployment_id: id })).toThrow(
      expect.objectContaining({ code: "INVALID_RESPONSE", mayHaveDeployed: true }),
    );
  });
});

describe("ids in JOD's callback", () => {
  it.each(VALID_IDS)("takes a deployment id and a recorder id of %s", (_name, id) => {
    const { outcome } = parseCallbackBody(successCallback(id));
    expect(outcome).toMatchObject({ kind: "success", deploymentId: id });
    expect(parseCallbackBody(withRecorderId(id)).outcome).toMatchObject({
      recorders: [{ id, ip: "192.0.2.1" }],
    });
  });

  it.each(INVALID_IDS)("refuses a deployment id of %s", (_name, id) => {
    expect(parseCallbackBody(successCallback(id as string)).problem).toMatch(
      /^deployment_info.deployment_id is missing or not 1 to 128 printable ASCII characters$/,
    );
  });

  it.each(INVALID_IDS)("refuses a recorder id of %s", (_name, id) => {
    expect(parseCallbackBody(withRecorderId(id)).problem).toMatch(/^every recorder needs/);
  });

  it("answers such a callback as invalid-body, and the deployment still waits", () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    pending.expectDeployment("dep-1");
    expect(registry.deliver(pending.token, withRecorderId("rec\u001b[2J"))).toBe("invalid-body");
    expect(registry.deliver(pending.token, successCallback("d".repeat(129)))).toBe("invalid-body");
    expect(registry.deliver(pending.token, successCallback("dep-1"))).toBe("accepted");
  });
});

describe("recorder IPs stay IPv4 or IPv6 text, at most 45 characters", () => {
  it.each(["192.0.2.1", "2001:db8::1", "2001:0db8:ffff:ffff:ffff:ffff:255.255.255.255"])(
    "takes %s",
    (ip) => {
      expect(parseCallbackBody(successCallback("dep-1", [ip])).outcome).toMatchObject({
        recorders: [{ ip }],
      });
    },
  );

  it.each([
    ["a control character", "192.0.2.1\u0000"],
    ["a leading zero", "192.0.2.01"],
    ["a long zone", `fe80::1%${"x".repeat(1000)}`],
    ["bracketed IPv6", "[2001:db8::1]"],
  ])("refuses %s", (_name, ip) => {
    expect(parseCallbackBody(successCallback("dep-1", [ip])).problem).toMatch(/recorder_ip/);
  });
});

describe('"it" is read one way in the answer and the callback: trimmed, any case', () => {
  it.each([
    ["worked", "worked"],
    ["Worked", "worked"],
    [" WORKED\n", "worked"],
    ["failed", "failed"],
    ["FAILED", "failed"],
    ["\tFailed ", "failed"],
    ["work ed", undefined],
    ["done", undefined],
    ["", undefined],
    [true, undefined],
    [null, undefined],
  ])("%j is %p", (it, expected) => {
    expect(readOutcomeWord(it)).toBe(expected);
  });

  it.each(["Worked", "WORKED", " worked "])("the answer takes it: %j", (it) => {
    expect(parseAnswer({ it, deployment_id: "dep-1" }).deploymentId).toBe("dep-1");
  });

  it.each(["Worked", "WORKED", " worked "])("the callback takes it: %j", (it) => {
    expect(parseCallbackBody({ ...successCallback("dep-1"), it }).outcome?.kind).toBe("success");
  });

  it.each(["Failed", "FAILED"])("a failure callback with it %j is a failure", (it) => {
    expect(parseCallbackBody({ it, message: "no capacity" }).outcome).toEqual({
      kind: "failure",
      message: "no capacity",
    });
  });
});
