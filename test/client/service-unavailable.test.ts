import { MAY_HAVE_DEPLOYED_ADVICE } from "../../provider/src/errors";
import { fastClient, validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import { reply, startScriptedJodServer } from "../helpers/scripted-jod-server";
import { rejectionOf, TEST_API_KEY } from "../helpers/scripted-key-scan";

const OUTAGE = { it: "failed", message: "planned maintenance" };

describe("HTTP 503 (planned outage)", () => {
  it("once, then success: makes exactly 2 requests and succeeds", async () => {
    const server = await startScriptedJodServer([reply(503, OUTAGE), reply(200, WORKED)]);
    try {
      const { client, sleeps, warnings } = fastClient(server.url);
      const result = await client.deployRecorders(validRequest());
      expect(result).toMatchObject({ deploymentId: WORKED.deployment_id, attempts: 2 });
      expect(server.requests).toHaveLength(2);
      expect(sleeps).toHaveLength(1);
      expect(warnings).toEqual([expect.stringContaining("HTTP 503")]);
      expect(warnings.join("\n")).not.toContain(TEST_API_KEY);
    } finally {
      await server.stop();
    }
  });

  it("resends the identical request when retrying", async () => {
    const server = await startScriptedJodServer([reply(503, OUTAGE), reply(200, WORKED)]);
    try {
      await fastClient(server.url).client.deployRecorders(validRequest());
      expect(server.requests[1].body).toBe(server.requests[0].body);
    } finally {
      await server.stop();
    }
  });

  it.each([0, 1, 3])(
    "persistent, with retries %i: makes retries + 1 requests, then throws",
    async (retries) => {
      const server = await startScriptedJodServer([reply(503, OUTAGE)]);
      try {
        const { client, sleeps } = fastClient(server.url, { retries });
        const error = await rejectionOf(client.deployRecorders(validRequest()));
        expect(error).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
        expect(error).toMatchObject({
          code: "SERVICE_UNAVAILABLE",
          status: 503,
          mayHaveDeployed: false,
          jodMessage: "planned maintenance",
        });
        expect((error as Error).message).toContain("Try again later");
        const attempts = retries === 0 ? "1 attempt," : `${retries + 1} attempts,`;
        expect((error as Error).message).toContain(`after ${attempts}`);
        expect(server.requests).toHaveLength(retries + 1);
        expect(sleeps).toHaveLength(retries);
      } finally {
        await server.stop();
      }
    },
  );

  it.each([
    [
      "HTML with Retry-After",
      reply(503, "<html>down</html>", { headers: { "Retry-After": "120" } }),
    ],
    ["JOD's JSON with it in another case", reply(503, { it: "FAILED", message: "maintenance" })],
  ])("is retried when it is JOD's: %s", async (_name, outage) => {
    const server = await startScriptedJodServer([outage, reply(200, WORKED)]);
    try {
      const result = await fastClient(server.url).client.deployRecorders(validRequest());
      expect(result.attempts).toBe(2);
    } finally {
      await server.stop();
    }
  });
});

describe("HTTP 503 that is not JOD's (a proxy's page, which may follow a forwarded POST)", () => {
  it("is not retried: one POST in all, and the error says it may have deployed", async () => {
    const server = await startScriptedJodServer([
      reply(503, "<html><h1>503 Service Temporarily Unavailable</h1></html>"),
      reply(200, WORKED),
    ]);
    try {
      const { client, sleeps } = fastClient(server.url);
      const error = await rejectionOf(client.deployRecorders(validRequest()));
      expect(error).toMatchObject({ code: "INVALID_RESPONSE", status: 503, mayHaveDeployed: true });
      expect((error as Error).message).toContain(MAY_HAVE_DEPLOYED_ADVICE);
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
