import { EventEmitter } from "node:events";
import { createJodClient } from "../../provider/src/client/jod-client";
import type { DeploymentInputs } from "../../provider/src/deployment-state";
import type { InterruptSignal, SignalTarget } from "../../provider/src/runtime/interruption-guard";
import { createRecorderDeploymentProvider } from "../../provider/src/runtime/recorder-deployment-provider";
import { TEST_API_KEY, TEST_DOMAIN } from "./jod-test-setup";

/** Stands in for `process`: a test emits the signals and sees the exit codes. */
export class FakeSignals extends EventEmitter implements SignalTarget {
  readonly exits: number[] = [];

  override on(signal: InterruptSignal, listener: (signal: InterruptSignal) => void): this {
    return super.on(signal, listener);
  }

  override off(signal: InterruptSignal, listener: (signal: InterruptSignal) => void): this {
    return super.off(signal, listener);
  }

  send(signal: InterruptSignal): void {
    this.emit(signal, signal);
  }

  exit(code: number): void {
    this.exits.push(code);
  }
}

/** The runtime provider with the real client, talking to JOD (the emulator) outside the engine. */
export interface InProcessProvider {
  provider: ReturnType<typeof createRecorderDeploymentProvider>;
  /** Every line the provider logged. */
  logs: string[];
  signals: FakeSignals;
}

/**
 * The provider the engine would run, configured through the environment (no `configure`), with
 * the callback listener on `listen`.
 */
export function createInProcessProvider(
  endpoint: string,
  listen = "127.0.0.1:0",
): InProcessProvider {
  const logs: string[] = [];
  const signals = new FakeSignals();
  const provider = createRecorderDeploymentProvider({
    createClient: createJodClient,
    now: () => new Date(),
    env: { JOD_API_KEY: TEST_API_KEY, JOD_ENDPOINT: endpoint, JOD_CALLBACK_LISTEN: listen },
    log: (line) => logs.push(line),
    signals,
  });
  return { provider, logs, signals };
}

/** Valid create inputs for the test account. */
export function createInputs(overrides: Partial<DeploymentInputs> = {}): DeploymentInputs {
  return {
    domain: TEST_DOMAIN,
    recorders: 1,
    duration: 1,
    location: "lon",
    timeoutSeconds: 60,
    ...overrides,
  };
}
