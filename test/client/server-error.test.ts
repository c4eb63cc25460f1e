import { fastClient, validRequest } from "../helpers/scripted-client-fixtures";
import { reply, startScriptedJodServer } from "../helpers/scripted-jod-server";
import { rejectionOf } from "../helpers/scripted-key-scan";

describe("HTTP 500", () => {
  it.each([
    ["a JSON body", { it: "failed", message: "something broke" }],
    ["an HTML body", "<html><body>Internal Server Error</body></html>"],
  ])("with %s is never retried, because JOD may have deployed", async (_name, body) => {
    const server = await startScriptedJodServer([reply(500, body)]);
    try {
      const { client, sleeps } = fastClient(server.url, { retries: 5 });
      const error = await rejectionOf(client.deployRecorders(validRequest()));
      expect(error).toMatchObject({ code: "SERVER_ERROR" });
      expect(error).toMatchObject({ code: "SERVER_ERROR", status: 500, mayHaveDeployed: true });
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it("says the deployment may exist and where to check, without advice to retry", async () => {
    const server = await startScriptedJodServer([reply(500, { it: "failed", message: "oops" })]);
    try {
      const error = await rejectionOf(
        fastClient(server.url).client.deployRecorders(validRequest()),
      );
      const { message } = error as Error;
      expect(message).toContain("HTTP 500");
      expect(message).toContain('JOD said: "oops"');
      expect(message).toContain("deployment may exist");
      expect(message).toContain("deployments list in the JOD dashboard");
      expect(message).not.toMatch(/retry(ing)? would|a second time/);
    } finally {
      await server.stop();
    }
  });
});
