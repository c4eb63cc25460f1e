import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import type { LogRequest } from "@pulumi/pulumi/proto/engine_pb";
import { engineLogger, forResource } from "../../../provider/src/plugin/engine-log";
import { waitUntil } from "../../helpers/reliability-processes";

// The plugin's log lines reach the engine under the resource of the call that wrote them, also
// from a timer that call started (a create's "still waiting" lines), while calls overlap.
describe("the plugin's engine logger", () => {
  let server: grpc.Server;
  let address: string;
  const received: { urn: string; message: string; severity: number }[] = [];
  beforeAll(async () => {
    server = new grpc.Server();
    server.addService(EngineService, {
      log: (call: grpc.ServerUnaryCall<LogRequest, Empty>, done: grpc.sendUnaryData<Empty>) => {
        const { urn, message, severity } = call.request.toObject();
        received.push({ urn, message, severity });
        done(null, new Empty());
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    address = `127.0.0.1:${port}`;
  });
  afterAll(() => server.forceShutdown());

  it("sends each line with its call's URN, warnings as warnings", async () => {
    const log = engineLogger(address);
    const later = (message: string) =>
      new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          log(message);
          clearInterval(timer);
          resolve();
        }, 20);
      });
    await Promise.all([
      forResource("urn:a", () => later("from a")),
      forResource("urn:b", async () => log("jod: WARNING: from b")),
    ]);
    log("process-wide");
    await waitUntil(() => received.length === 3, "three log lines", 5_000);

    const byMessage = Object.fromEntries(received.map((line) => [line.message, line]));
    expect(byMessage["from a"]).toMatchObject({ urn: "urn:a", severity: 1 });
    expect(byMessage["jod: WARNING: from b"]).toMatchObject({ urn: "urn:b", severity: 2 });
    expect(byMessage["process-wide"]).toMatchObject({ urn: "" });
  });
});
