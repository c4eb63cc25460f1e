import type net from "node:net";
import {
  MAX_ENTRY_BYTES,
  RelayDeploymentJournal,
} from "../../../provider/src/journal/relay-journal";
import { serveRaw, within, type FaultServer } from "../../helpers/relay-faults";
import { SAMPLE_SECRET } from "../../helpers/unit-journal";

let server: FaultServer;
let sent = 0;
let hungUp: Promise<unknown>;
beforeAll(async () => {
  // Answers with a body that never ends, as fast as the client reads it.
  server = await serveRaw((_head, socket: net.Socket) => {
    hungUp = new Promise((resolve) => socket.on("close", resolve));
    socket.write(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    const chunk = "x".repeat(16 * 1024);
    const more = () => {
      while (!socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`))
          return void socket.once("drain", more);
      }
    };
    more();
  });
});
afterAll(() => server.close());

test("the relay journal stops reading an answer past its cap and hangs up", async () => {
  const journal = new RelayDeploymentJournal({
    baseUrl: `${server.origin}/jod-relay`,
    secret: SAMPLE_SECRET,
  });
  await expect(
    within(journal.read("proj/ci/rec"), 2_000, "the journal read"),
  ).rejects.toMatchObject({
    code: "RELAY_REFUSED",
    message: expect.stringContaining(`more than ${MAX_ENTRY_BYTES} bytes`),
  });
  await within(hungUp, 1_000, "hanging up");
  // What the socket buffers took on top of the cap, far from the endless body.
  expect(sent).toBeLessThan(16 * 1024 * 1024);
});
