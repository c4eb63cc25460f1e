import { fastClient, validRequest } from "../helpers/scripted-client-fixtures";
import { closedPortUrl } from "../helpers/scripted-jod-server";
import { rejectionOf, TEST_API_KEY } from "../helpers/scripted-key-scan";

describe("a refused connection", () => {
  it("is retried, then throws JodConnectionError naming the host, with nothing deployed", async () => {
    const endpoint = await closedPortUrl();
    const { client, sleeps, warnings } = fastClient(endpoint, { retries: 2 });
    const error = await rejectionOf(client.deployRecorders(validRequest()));

    expect(error).toMatchObject({ code: "CONNECTION_FAILED" });
    expect(error).toMatchObject({ code: "CONNECTION_FAILED", mayHaveDeployed: false });
    expect((error as Error).message).toContain(`at ${new URL(endpoint).host} `);
    expect((error as Error).message).toContain("after 3 attempts");
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).message).toContain("nothing was deployed");
    expect((error as Error).cause).toBeDefined();
    expect(sleeps).toHaveLength(2);
    expect(warnings).toHaveLength(2);
    expect(warnings.join("\n")).toContain("ECONNREFUSED");
    expect(warnings.join("\n")).not.toContain(TEST_API_KEY);
  });
});
