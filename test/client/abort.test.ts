import { abortableSleep, createJodClient } from "../../provider/src/client/jod-client";
import { testIo, validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import { reply, stall, startScriptedJodServer } from "../helpers/scripted-jod-server";
import { rejectionOf } from "../helpers/scripted-key-scan";

describe("the caller's abort signal", () => {
  it("already aborted: sends nothing", async () => {
    const server = await startScriptedJodServer([reply(200, WORKED)]);
    try {
      const client = createJodClient({ endpoint: server.url });
      const error = await rejectionOf(client.deployRecorders(validRequest(), AbortSignal.abort()));
      expect(error).toMatchObject({ code: "ABORTED" });
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
      const client = createJodClient(
        {
          endpoint: server.url,
          retries: 3,
          // The client warns right before it starts waiting: abort shortly after that.
          logger: { debug: () => undefined, warn: () => setTimeout(() => controller.abort(), 20) },
        },
        // The real timer-based sleep, for an hour: only the abort can end this test.
        testIo({ sleep: (_ms, signal) => abortableSleep(3_600_000, signal) }),
      );
      const error = await rejectionOf(client.deployRecorders(validRequest(), controller.signal));
      expect(error).toMatchObject({ code: "ABORTED" });
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
      expect(error).toMatchObject({ code: "ABORTED" });
      expect(error).toMatchObject({ mayHaveDeployed: true });
      expect((error as Error).message).toContain("deployment may exist");
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});
