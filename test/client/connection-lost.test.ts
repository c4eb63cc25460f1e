import { fastClient, validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import {
  cutBody,
  destroySocket,
  reply,
  startScriptedJodServer,
} from "../helpers/scripted-jod-server";
import { rejectionOf } from "../helpers/scripted-key-scan";

describe("a connection that breaks after the request was sent", () => {
  it("before any answer: JodConnectionLostError, one request, deployment possible", async () => {
    const server = await startScriptedJodServer([destroySocket(), reply(200, WORKED)]);
    try {
      const { client, sleeps } = fastClient(server.url, { retries: 3 });
      const error = await rejectionOf(client.deployRecorders(validRequest()));
      expect(error).toMatchObject({ code: "CONNECTION_LOST" });
      expect(error).toMatchObject({ code: "CONNECTION_LOST", mayHaveDeployed: true });
      expect((error as Error).message).toContain("ECONNRESET");
      expect((error as Error).message).toContain("deployment may exist");
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it("in the middle of a 200 body: JodInvalidResponseError, one request, deployment possible", async () => {
    const server = await startScriptedJodServer([cutBody(200, '{"it":"worked","deploym')]);
    try {
      const error = await rejectionOf(
        fastClient(server.url).client.deployRecorders(validRequest()),
      );
      expect(error).toMatchObject({ code: "INVALID_RESPONSE" });
      expect(error).toMatchObject({ status: 200, mayHaveDeployed: true });
      expect((error as Error).message).toContain("connection broke");
      // The body was never read to the end, so it must not be called empty.
      expect((error as Error).message).not.toContain("empty");
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});
