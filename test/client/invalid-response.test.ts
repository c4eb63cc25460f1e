import { fastClient, validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import { reply, startScriptedJodServer, type ScriptStep } from "../helpers/scripted-jod-server";
import { rejectionOf } from "../helpers/scripted-key-scan";

const json = { "Content-Type": "application/json" };
const BAD_GATEWAY_PAGE =
  "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway" +
  "</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>";

describe.each<{
  name: string;
  step: ScriptStep;
  mayHaveDeployed: boolean;
  says: string[];
}>([
  {
    name: "an HTML page with 200",
    step: reply(200, "<!doctype html><html><body><p>Welcome to   nginx!</p></body></html>"),
    mayHaveDeployed: true,
    says: ["HTTP 200", "not valid JSON", 'starts with "Welcome to nginx!"'],
  },
  {
    name: "a proxy's 502 page",
    step: reply(502, BAD_GATEWAY_PAGE),
    mayHaveDeployed: true,
    says: ["HTTP 502", "502 Bad Gateway", "deployment may exist"],
  },
  {
    name: "a 504 from a gateway",
    step: reply(504, "Gateway Timeout"),
    mayHaveDeployed: true,
    says: ["HTTP 504", "Gateway Timeout"],
  },
  {
    name: "truncated JSON",
    step: reply(200, '{"it":"worked","message":"your deployment wi', { headers: json }),
    mayHaveDeployed: true,
    says: ["not valid JSON", '{"it":"worked"'],
  },
  {
    name: "an empty 200 body",
    step: reply(200, "", { headers: json }),
    mayHaveDeployed: true,
    says: ["the body is empty"],
  },
  {
    name: "a JSON array",
    step: reply(200, [WORKED]),
    mayHaveDeployed: true,
    says: ["JSON but not an object"],
  },
  {
    name: "JSON without an it field",
    step: reply(200, { status: "ok", id: 3 }),
    mayHaveDeployed: true,
    says: ['"it" field is neither'],
  },
  {
    name: "it: worked without a deployment_id",
    step: reply(200, { it: "worked", message: "ok" }),
    mayHaveDeployed: true,
    says: ["no usable deployment_id"],
  },
  {
    name: "it: worked with an empty deployment_id",
    step: reply(200, { ...WORKED, deployment_id: " " }),
    mayHaveDeployed: true,
    says: ["no usable deployment_id"],
  },
  {
    name: "it: worked with an object as deployment_id",
    step: reply(200, { ...WORKED, deployment_id: { id: 1 } }),
    mayHaveDeployed: true,
    says: ["no usable deployment_id"],
  },
  ...[
    ["129 characters", "d".repeat(129)],
    ["a control character", "dep-1\u001b[2J"],
    ["a line break inside", "dep-1\nforged log line"],
    ["a space inside", "dep 1"],
    ["a character beyond ASCII", "dép-1"],
  ].map(([what, deploymentId]) => ({
    name: `it: worked with a deployment_id of ${what}`,
    step: reply(200, { ...WORKED, deployment_id: deploymentId }),
    mayHaveDeployed: true,
    says: ["no usable deployment_id (1 to 128 printable ASCII characters)"],
  })),
  {
    name: "a proxy's HTML 503 (the proxy may have passed the request on to JOD)",
    step: reply(503, "<html><h1>503 Service Temporarily Unavailable</h1></html>"),
    mayHaveDeployed: true,
    says: [
      "HTTP 503",
      "not the planned-outage answer JOD documents",
      "did not retry",
      "deployment may exist",
    ],
  },
  {
    name: "a 503 with JSON that is not JOD's",
    step: reply(503, { error: "upstream unavailable" }),
    mayHaveDeployed: true,
    says: ["HTTP 503", "not the planned-outage answer JOD documents"],
  },
  {
    name: "a 404",
    step: reply(404, "Cannot POST /deploy-recorder"),
    mayHaveDeployed: false,
    says: ["HTTP 404", "check that the endpoint"],
  },
  {
    name: "a 400",
    step: reply(400, { it: "failed", message: "bad request" }),
    mayHaveDeployed: false,
    says: ["HTTP 400"],
  },
  {
    name: "a redirect",
    step: reply(301, "", { headers: { Location: "https://elsewhere.example/deploy-recorder" } }),
    mayHaveDeployed: false,
    says: ["HTTP 301", "redirect to https://elsewhere.example/deploy-recorder", "final URL"],
  },
  {
    name: "a 307 redirect that would resend the body",
    step: reply(307, "", { headers: { Location: "/other" } }),
    mayHaveDeployed: false,
    says: ["HTTP 307", "redirect"],
  },
])("$name", ({ step, mayHaveDeployed, says }) => {
  it(`throws JodInvalidResponseError (mayHaveDeployed ${mayHaveDeployed}) after one request`, async () => {
    const server = await startScriptedJodServer([step, reply(200, WORKED)]);
    try {
      const { client, sleeps } = fastClient(server.url);
      const error = await rejectionOf(client.deployRecorders(validRequest()));
      expect(error).toMatchObject({ code: "INVALID_RESPONSE" });
      expect(error).toMatchObject({ code: "INVALID_RESPONSE", mayHaveDeployed });
      for (const text of says) expect((error as Error).message).toContain(text);
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe("the snippet of a bad body", () => {
  it("is short and on one line", async () => {
    const body = `<html><body>${"lorem ipsum\n\t dolor ".repeat(100)}</body></html>`;
    const server = await startScriptedJodServer([reply(200, body)]);
    try {
      const error = await rejectionOf(
        fastClient(server.url).client.deployRecorders(validRequest()),
      );
      const snippet = /the body starts with "(.*?)"\./.exec((error as Error).message)?.[1];
      expect(snippet?.length).toBeLessThanOrEqual(120);
      expect(snippet).toMatch(/^lorem ipsum dolor lorem/);
      expect(snippet).not.toMatch(/[\n\t<>]/);
      expect((error as Error).message).not.toContain("\n");
    } finally {
      await server.stop();
    }
  });

  it("is cut from at most 64 kB of a huge body, which is reported as too large", async () => {
    const server = await startScriptedJodServer([
      reply(200, `{"it":"worked","padding":"${"x".repeat(200_000)}"}`, { headers: json }),
    ]);
    try {
      const error = await rejectionOf(
        fastClient(server.url).client.deployRecorders(validRequest()),
      );
      expect(error).toMatchObject({ code: "INVALID_RESPONSE" });
      expect((error as Error).message).toContain("larger than 64 kB");
    } finally {
      await server.stop();
    }
  });
});
