import { AsyncLocalStorage } from "node:async_hooks";
import { sdk } from "./sdk-modules";

/** The resource a gRPC call is about, for the log lines the core writes while serving it. */
const currentUrn = new AsyncLocalStorage<string>();

/**
 * Runs one call for a resource: every line the core logs from it, including from timers it
 * starts (a create's "still waiting" lines), goes under that resource in the engine's output.
 */
export function forResource<Result>(urn: string, call: () => Promise<Result>): Promise<Result> {
  return currentUrn.run(urn, call);
}

/**
 * The core's `log` for a plugin: a Log request to the engine, under the resource of the call
 * that logs (none for process-wide lines, such as a signal's). Lines the core marks `WARNING:`
 * are warnings. Without an engine address (a plugin started by hand), lines go to stderr:
 * stdout carries the port only.
 */
export function engineLogger(engineAddress: string | undefined): (message: string) => void {
  if (engineAddress === undefined) return (message) => process.stderr.write(`${message}\n`);
  const { grpc, engineGrpc, engineProto } = sdk;
  const engine = new engineGrpc.EngineClient(engineAddress, grpc.credentials.createInsecure());
  return (message) => {
    const request = new engineProto.LogRequest()
      .setSeverity(
        message.includes("WARNING:")
          ? engineProto.LogSeverity.WARNING
          : engineProto.LogSeverity.INFO,
      )
      .setMessage(message)
      .setUrn(currentUrn.getStore() ?? "");
    // A lost log line must not fail the operation; the engine may already be closing.
    engine.log(request, (error) => {
      if (error) process.stderr.write(`${message}\n`);
    });
  };
}
