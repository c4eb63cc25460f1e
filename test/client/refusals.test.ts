import { JodError, JodRequestError } from "../../provider/src/errors";
import { fastClient, validRequest } from "../helpers/scripted-client-fixtures";
import { reply, startScriptedJodServer } from "../helpers/scripted-jod-server";
import { rejectionOf } from "../helpers/scripted-key-scan";

// JOD looked at these requests and said no: nothing was deployed, and retrying cannot help.
describe.each([
  {
    status: 401,
    body: { it: "failed", message: "invalid API Key" },
    code: "UNAUTHORIZED",
    says: ["missing or wrong API key", "pulumi config set --secret jod:apiKey", "invalid API Key"],
  },
  {
    status: 402,
    body: { it: "failed", message: "not enough balance" },
    code: "INSUFFICIENT_BALANCE",
    says: ["balance", "Top up", "not enough balance"],
  },
  {
    status: 406,
    body: { it: "failed", message: "incomplete configuration" },
    code: "INCOMPLETE_CONFIGURATION",
    says: ['"meet.example.com"', "Complete the domain's configuration in the JOD dashboard"],
  },
  {
    status: 200,
    body: { it: "failed", message: "recorders not available in specified location" },
    code: "DEPLOYMENT_REJECTED",
    says: ["declined", "recorders not available in specified location"],
  },
])("HTTP $status answered $body.message", ({ status, body, code, says }) => {
  it(`throws JodRequestError (${code}) after exactly one request`, async () => {
    const server = await startScriptedJodServer([reply(status, body)]);
    try {
      const { client, warnings } = fastClient(server.url);
      const error = await rejectionOf(client.deployRecorders(validRequest()));
      expect(error).toBeInstanceOf(JodRequestError);
      expect(error).toBeInstanceOf(JodError);
      expect(error).toMatchObject({ code, status, mayHaveDeployed: false });
      for (const text of says) expect((error as Error).message).toContain(text);
      expect((error as Error).message).toContain("nothing was deployed");
      expect(server.requests).toHaveLength(1);
      expect(warnings).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe("a refusal without a usable body", () => {
  it.each([401, 402, 406])("maps HTTP %i by its status alone", async (status) => {
    const server = await startScriptedJodServer([reply(status, "<html>Denied</html>")]);
    try {
      const error = await rejectionOf(
        fastClient(server.url).client.deployRecorders(validRequest()),
      );
      expect(error).toMatchObject({ status, mayHaveDeployed: false, jodMessage: undefined });
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});
