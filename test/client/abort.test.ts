import { createJodClient } from "../../provider/src/client/jod-client";
import { JodAbortedError } from "../../provider/src/errors";
import { validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import { reply, stall, startScriptedJodServer } from "../helpers/scripted-jod-server";
import { rejectionOf } from "../helpers/scripted-key-scan";

describe("the caller's abort signal", () => {
  it("already aborted: sends nothing", async () => {
    const server = await startScriptedJodServer([reply(200, WORKED)]);
    try {
      const client = createJodClient({ endpoint: server.url });
      const error = await rejectionOf(client.deployRecorders(validRequest(), AbortSignal.abort()));
      expect(error).toBeInstanceOf(JodAbortedError);
      expect(error).toMatchObject({ code: "ABORTED", mayHaveDeployed: false });
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.stop();
    }
  });

  it("during the wait between retries: stops waiting at once and sends nothing more", async () => {
    const server = await startScriptedJodServer([reply(503, { it: "failed", message: "down" })]);
    try {
      const controller = new AbortController();
      const client = createJodClient({
        endpoint: server.url,
        retries: 3,
        // The default timer-based sleep, with a delay far longer than the test.
        backoff: { baseMs: 60_000, maxMs: 60_000, random: () => 1 },
        // The client warns right before it starts waiting: abort shortly after that.
        logger: { debug: () => undefined, warn: () => setTimeout(() => controller.abort(), 20) },
      });
      const started = Date.now();
      const error = await rejectionOf(client.deployRecorders(validRequest(), controller.signal));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error).toBeInstanceOf(JodAbortedError);
      expect(error).toMatchObject({ mayHaveDeployed: false });
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  it("while a request is in flight: cancels it and says the deployment may exist", async () => {
    const server = await startScriptedJodServer([stall()]);
    try {
      const client = createJodClient({ endpoint: server.url, timeoutMs: 10_000 });
      const error = await rejectionOf(
        client.deployRecorders(validRequest(), AbortSignal.timeout(100)),
      );
      expect(error).toBeInstanceOf(JodAbortedError);
      expect(error).toMatchObject({ mayHaveDeployed: true });
      expect((error as Error).message).toContain("deployment may exist");
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});
