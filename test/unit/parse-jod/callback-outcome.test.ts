import { parseCallbackBody } from "../../../provider/src/parse-jod";
import { successCallback } from "../../helpers/unit-callback-bodies";

describe("parseCallbackBody with a success callback", () => {
  it("reads the deployment id, the recorders and the message", () => {
    expect(parseCallbackBody(successCallback("dep-1", ["203.0.113.10", "198.51.100.20"]))).toEqual({
      outcome: {
        kind: "success",
        deploymentId: "dep-1",
        recorders: [
          { id: "rec-1", ip: "203.0.113.10" },
          { id: "rec-2", ip: "198.51.100.20" },
        ],
        message: "deployment successful",
      },
    });
  });

  it("turns numeric deployment and recorder ids into strings", () => {
    const body = {
      it: "worked",
      message: "ok",
      deployment_info: {
        deployment_id: 42,
        recorders: [
          { recorder_id: 7, recorder_ip: "192.0.2.7" },
          { recorder_id: 0, recorder_ip: "192.0.2.8" },
        ],
      },
    };
    expect(parseCallbackBody(body).outcome).toEqual({
      kind: "success",
      deploymentId: "42",
      recorders: [
        { id: "7", ip: "192.0.2.7" },
        { id: "0", ip: "192.0.2.8" },
      ],
      message: "ok",
    });
  });

  it("accepts IPv6 recorder addresses", () => {
    const parsed = parseCallbackBody(successCallback("dep-6", ["2001:db8::1"]));
    expect(parsed.outcome).toMatchObject({ recorders: [{ id: "rec-1", ip: "2001:db8::1" }] });
  });

  it("uses an empty message when JOD sends none", () => {
    const body = successCallback("dep-2");
    delete body.message;
    expect(parseCallbackBody(body).outcome).toMatchObject({ kind: "success", message: "" });
  });
});

describe("parseCallbackBody with a failure callback", () => {
  it("keeps JOD's message", () => {
    expect(
      parseCallbackBody({ it: "failed", message: "recorders not available in specified location" }),
    ).toEqual({
      outcome: { kind: "failure", message: "recorders not available in specified location" },
    });
  });

  it.each([
    ["no message", { it: "failed" }],
    ["an empty message", { it: "failed", message: "" }],
    ["a non-string message", { it: "failed", message: { text: "x" } }],
  ])("with %s says that JOD reported a failure", (_name, body) => {
    expect(parseCallbackBody(body)).toEqual({
      outcome: { kind: "failure", message: "JOD reported a failed deployment" },
    });
  });

  it("needs no deployment_info", () => {
    expect(parseCallbackBody({ it: "failed", message: "x" }).problem).toBeUndefined();
  });
});
