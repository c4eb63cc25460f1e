import { RelayDeploymentJournal } from "../../../provider/src/journal/relay-journal";
import { serveRaw, within, type FaultServer } from "../../helpers/relay-faults";
import { SAMPLE_SECRET } from "../../helpers/unit-journal";

let server: FaultServer;
beforeAll(async () => {
  // Starts its answer at once, then sends the body a byte every 50 ms: the connection is never
  // idle, so only a bound on the whole request ends it.
  server = await serveRaw((_head, socket) => {
    socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
    const trickle = setInterval(
      () => (socket.destroyed ? clearInterval(trickle) : socket.write("x")),
      50,
    );
  });
});
afterAll(() => server.close());

test("a relay request's timeout bounds the whole answer, body included", async () => {
  const journal = new RelayDeploymentJournal(
    { baseUrl: `${server.origin}/jod-relay`, secret: SAMPLE_SECRET },
    300,
  );
  await expect(
    within(journal.read("proj/ci/rec"), 2_000, "the journal read"),
  ).rejects.toMatchObject({
    code: "RELAY_UNREACHABLE",
    message: expect.stringContaining("no complete answer within 300 ms"),
  });
});
