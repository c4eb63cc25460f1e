import { createJodClient } from "../../provider/src/client/jod-client";
import { testIo, validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import { fakeFetch } from "../helpers/scripted-fake-fetch";
import { rejectionOf } from "../helpers/scripted-key-scan";

describe("how network errors are classified (fake fetch, no network)", () => {
  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"])(
    "%s happens before anything is sent: retried, then JodConnectionError",
    async (errorCode) => {
      const { fetch, calls } = fakeFetch([{ errorCode }]);
      const client = createJodClient({ retries: 2 }, testIo({ fetch }));
      const error = await rejectionOf(client.deployRecorders(validRequest()));
      expect(error).toMatchObject({ code: "CONNECTION_FAILED" });
      expect(error).toMatchObject({ mayHaveDeployed: false });
      expect((error as Error).message).toContain("at api.jod.sh (");
      expect((error as Error).message).toContain("after 3 attempts");
      expect(calls).toHaveLength(3);
    },
  );

  it("a connection failure followed by an answer succeeds", async () => {
    const { fetch, calls } = fakeFetch([{ errorCode: "EAI_AGAIN" }, { status: 200, body: WORKED }]);
    const client = createJodClient({}, testIo({ fetch }));
    await expect(client.deployRecorders(validRequest())).resolves.toMatchObject({ attempts: 2 });
    expect(calls).toHaveLength(2);
  });

  it.each(["DEPTH_ZERO_SELF_SIGNED_CERT", "CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID"])(
    "%s fails before anything is sent but cannot heal: not retried, nothing deployed",
    async (errorCode) => {
      const { fetch, calls } = fakeFetch([{ errorCode }]);
      const client = createJodClient({ retries: 3 }, testIo({ fetch }));
      const error = await rejectionOf(client.deployRecorders(validRequest()));
      expect(error).toMatchObject({ code: "CONNECTION_FAILED" });
      expect(error).toMatchObject({ mayHaveDeployed: false });
      expect((error as Error).message).toContain(`(${errorCode}) after 1 attempt;`);
      expect(calls).toHaveLength(1);
    },
  );

  it.each(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ESOMETHINGNEW"])(
    "%s may come after the request was sent: not retried, may have deployed",
    async (errorCode) => {
      const { fetch, calls } = fakeFetch([{ errorCode }]);
      const client = createJodClient({ retries: 3 }, testIo({ fetch }));
      const error = await rejectionOf(client.deployRecorders(validRequest()));
      expect(error).toMatchObject({ code: "CONNECTION_LOST" });
      expect(error).toMatchObject({ code: "CONNECTION_LOST", mayHaveDeployed: true });
      expect((error as Error).message).toContain(errorCode);
      expect(calls).toHaveLength(1);
    },
  );
});
