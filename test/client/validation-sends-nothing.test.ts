import { createJodClient, type DeployRecordersRequest } from "../../provider/src/client/jod-client";
import { JodValidationError } from "../../provider/src/errors";
import { validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import { reply, startScriptedJodServer } from "../helpers/scripted-jod-server";
import { rejectionOf } from "../helpers/scripted-key-scan";

/** Requests as a JavaScript caller (or an untyped Pulumi input) could pass them. */
const invalid = (fields: Record<string, unknown>) =>
  validRequest(fields as Partial<DeployRecordersRequest>);

describe("an invalid request", () => {
  it.each([
    ["an empty API key", invalid({ apiKey: "" }), ["apiKey"]],
    ["a blank API key", invalid({ apiKey: "   " }), ["apiKey"]],
    ["a missing API key", invalid({ apiKey: undefined }), ["apiKey"]],
    ["a domain with scheme", invalid({ domain: "https://meet.example.com" }), ["domain"]],
    ["recorders as a string", invalid({ recorders: "2" }), ["recorders"]],
    ["zero hours", invalid({ duration: 0 }), ["duration"]],
    ["an unknown location", invalid({ location: "par" }), ["location"]],
    ["a relative callback URL", invalid({ callbackUrl: "/cb" }), ["callbackUrl"]],
    [
      "everything wrong",
      invalid({
        apiKey: 1,
        domain: null,
        recorders: NaN,
        duration: 2.5,
        location: "",
        callbackUrl: 3,
      }),
      ["apiKey", "domain", "recorders", "duration", "location", "callbackUrl"],
    ],
  ])("with %s throws JodValidationError and sends nothing", async (_name, request, properties) => {
    const server = await startScriptedJodServer([reply(200, WORKED)]);
    try {
      const client = createJodClient({ endpoint: server.url });
      const error = await rejectionOf(client.deployRecorders(request));
      expect(error).toBeInstanceOf(JodValidationError);
      expect(error).toMatchObject({ code: "INVALID_INPUT", mayHaveDeployed: false });
      expect((error as JodValidationError).failures.map((failure) => failure.property)).toEqual(
        properties,
      );
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.stop();
    }
  });

  it("never repeats the API key in the reason, even when it is a wrong type", async () => {
    const secretNumber = 987654321987;
    const client = createJodClient({ endpoint: "http://127.0.0.1:9" });
    const error = await rejectionOf(client.deployRecorders(invalid({ apiKey: secretNumber })));
    expect((error as Error).message).not.toContain(String(secretNumber));
  });

  it("is not an object: one failure, nothing sent", async () => {
    const client = createJodClient({ endpoint: "http://127.0.0.1:9" });
    const error = await rejectionOf(
      client.deployRecorders(null as unknown as DeployRecordersRequest),
    );
    expect((error as JodValidationError).failures).toEqual([
      { property: "request", reason: expect.stringContaining("must be an object") },
    ]);
  });
});
