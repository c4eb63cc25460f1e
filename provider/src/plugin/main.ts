import { createJodClient } from "../client/jod-client";
import { enginePid } from "../runtime/orphan-watch";
import { createRecorderDeploymentProvider } from "../runtime/recorder-deployment-provider";
import { createClock } from "../settings";
import { engineLogger } from "./engine-log";
import { readPackageFile } from "./package-files";
import { pluginService } from "./server";
import { sdk } from "./sdk-modules";

/**
 * The engine starts a plugin with flags (`--logtostderr`, `-v=N`, `--tracing <url>`) and the
 * address of its gRPC endpoint; only the address matters here.
 */
export function engineAddressFrom(args: string[]): string | undefined {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--tracing") i += 1;
    else if (!args[i].startsWith("-")) rest.push(args[i]);
  }
  return rest[0];
}

/**
 * Serves `jod:index:RecorderDeployment` to the engine: the core provider, as one process's
 * instance (one callback listener), behind the engine's gRPC protocol. Prints the port on
 * stdout, as the engine expects, and nothing else there.
 */
export async function main(args: string[]): Promise<void> {
  const { version } = JSON.parse(readPackageFile("package.json")) as { version: string };
  const schema = readPackageFile("schema.json");
  const cancel = new AbortController();
  const log = engineLogger(engineAddressFrom(args));
  const provider = createRecorderDeploymentProvider({
    createClient: createJodClient,
    now: createClock(process.env),
    env: process.env,
    log,
    // The engine closes its plugins with SIGINT: the same guard as the dynamic provider's notes
    // at that close what the engine holds, and hands waiting creates over on Ctrl-C.
    signals: process,
    orphaning: { parentPid: () => enginePid(), exit: () => process.exit(0) },
    cancelled: cancel.signal,
  });
  const { grpc, providerGrpc } = sdk;
  // The engine sends large property maps (e.g. 10,000 recorders); lift gRPC's 4 MiB default.
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  server.addService(
    providerGrpc.ResourceProviderService,
    pluginService({ provider, version, schema, cancel, env: process.env, log }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  process.stdout.write(`${port}\n`);
}

/**
 * Runs the plugin as this process, with its command line: the entry of `node dist/plugin/main.js`
 * (the npm package's wrapper) and of the single executable's bundle. A failure to start is
 * printed and ends the process.
 */
export function runAsProcess(): void {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`pulumi-resource-jod: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}

if (require.main === module) runAsProcess();
