import { fastClient, validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import { reply, stall, startScriptedJodServer } from "../helpers/scripted-jod-server";
import { rejectionOf } from "../helpers/scripted-key-scan";

describe("a server that does not answer in time", () => {
  it("throws JodTimeoutError after timeoutMs, after exactly one request, deployment possible", async () => {
    const server = await startScriptedJodServer([stall(), reply(200, WORKED)]);
    try {
      const { client, sleeps } = fastClient(server.url, { timeoutMs: 150, retries: 3 });
      const started = Date.now();
      const error = await rejectionOf(client.deployRecorders(validRequest()));
      const elapsed = Date.now() - started;

      expect(error).toMatchObject({ code: "TIMEOUT" });
      expect(error).toMatchObject({ code: "TIMEOUT", mayHaveDeployed: true });
      expect(elapsed).toBeGreaterThanOrEqual(140);
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
      const { message } = error as Error;
      expect(message).toContain("within 150 ms");
      expect(message).toContain("deployment may exist");
      expect(message).toContain("deployments list in the JOD dashboard");
    } finally {
      await server.stop();
    }
  });

  it("also covers a body that arrives too slowly", async () => {
    const server = await startScriptedJodServer([reply(200, WORKED, { delayMs: 1_000 })]);
    try {
      const error = await rejectionOf(
        fastClient(server.url, { timeoutMs: 100 }).client.deployRecorders(validRequest()),
      );
      expect(error).toMatchObject({ code: "TIMEOUT" });
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  it("does not fire when the answer comes in time", async () => {
    const server = await startScriptedJodServer([reply(200, WORKED, { delayMs: 50 })]);
    try {
      const { client } = fastClient(server.url, { timeoutMs: 1_000 });
      await expect(client.deployRecorders(validRequest())).resolves.toMatchObject({ attempts: 1 });
    } finally {
      await server.stop();
    }
  });
});
