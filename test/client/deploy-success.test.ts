import { fastClient, validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import { reply, startScriptedJodServer } from "../helpers/scripted-jod-server";

describe("a deployment JOD accepts", () => {
  it("returns the deployment id, balance, message and one attempt", async () => {
    const server = await startScriptedJodServer([reply(200, WORKED)]);
    try {
      const { client } = fastClient(server.url);
      await expect(client.deployRecorders(validRequest())).resolves.toEqual({
        deploymentId: "wedsas-ewfzasfe-zdcxcv-sefe",
        balance: 13.6,
        message: "your deployment will join your jitsi soon",
        attempts: 1,
      });
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  it.each([
    ["a numeric string balance", { balance: "13.60" }, { balance: 13.6 }],
    ["a numeric deployment id", { deployment_id: 4711 }, { deploymentId: "4711" }],
    ["a padded deployment id", { deployment_id: "  dep-1 " }, { deploymentId: "dep-1" }],
    ["no message", { message: undefined }, { message: "" }],
    ['"Worked" in another case', { it: "Worked" }, { deploymentId: WORKED.deployment_id }],
  ])("accepts %s", async (_name, change, expected) => {
    const server = await startScriptedJodServer([reply(200, { ...WORKED, ...change })]);
    try {
      const result = await fastClient(server.url).client.deployRecorders(validRequest());
      expect(result).toMatchObject(expected);
    } finally {
      await server.stop();
    }
  });

  it.each([undefined, null])(
    "leaves out the balance when JOD sends %p, without a warning",
    async (balance) => {
      const server = await startScriptedJodServer([reply(200, { ...WORKED, balance })]);
      try {
        const { client, warnings } = fastClient(server.url);
        const result = await client.deployRecorders(validRequest());
        expect(result).not.toHaveProperty("balance");
        expect(warnings).toEqual([]);
      } finally {
        await server.stop();
      }
    },
  );

  it("ignores a balance that is not a number, with a warning, and still succeeds", async () => {
    const server = await startScriptedJodServer([reply(200, { ...WORKED, balance: "lots" })]);
    try {
      const { client, warnings } = fastClient(server.url);
      const result = await client.deployRecorders(validRequest());
      expect(result.deploymentId).toBe(WORKED.deployment_id);
      expect(result).not.toHaveProperty("balance");
      expect(warnings).toEqual([expect.stringContaining("balance")]);
    } finally {
      await server.stop();
    }
  });

  it("accepts a JSON body that starts with a byte order mark", async () => {
    const body = `\uFEFF${JSON.stringify(WORKED)}`;
    const server = await startScriptedJodServer([
      reply(200, body, { headers: { "Content-Type": "application/json" } }),
    ]);
    try {
      const result = await fastClient(server.url).client.deployRecorders(validRequest());
      expect(result.deploymentId).toBe(WORKED.deployment_id);
    } finally {
      await server.stop();
    }
  });
});
