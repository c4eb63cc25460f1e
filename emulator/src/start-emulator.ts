import { createServer, type Server } from "node:http";
import { isIP, type AddressInfo } from "node:net";
import { createEmulatorApp } from "./create-emulator-app";
import type { DeploymentRecord } from "./deployment-ledger";
import type { EmulatorFaults, FaultSettings } from "./faults";
import type { EmulatorAccount, EmulatorOptions } from "./options";
import type { RecordedRequest } from "./request-log";
import { createEmulatorState, type EmulatorState, type ResetOptions } from "./state";

/**
 * A listening emulator, with in-process access to everything the admin API offers.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator();
 * emulator.setFaults({ maintenance: true });
 * await emulator.close();
 * ```
 */
export interface RunningEmulator {
  /** Base URL, e.g. `"http://127.0.0.1:41234"`; the API is at `${url}/deploy-recorder`. */
  readonly url: string;
  /** Stops listening, cancels pending callbacks and delayed answers, closes every socket. */
  close(): Promise<void>;
  /** Recorded deploy requests, oldest first. */
  requests(): RecordedRequest[];
  /** Deployments, oldest first. */
  deployments(): DeploymentRecord[];
  /** One deployment by id. */
  deployment(deploymentId: string): DeploymentRecord | undefined;
  /** Accounts with keys fingerprinted. */
  accounts(): EmulatorAccount[];
  /** The balance of a key, or `undefined` if the key is unknown. */
  balanceOf(apiKey: string): number | undefined;
  /** Adds an account, or replaces the balance and domains of the one with the same key. */
  addAccount(account: EmulatorAccount): void;
  /** The current faults. */
  faults(): EmulatorFaults;
  /** Merges fault settings into the current ones and returns the result. */
  setFaults(settings: FaultSettings): EmulatorFaults;
  /** Removes every fault. */
  clearFaults(): void;
  /** Clears requests, deployments, faults and pending callbacks (see `ResetOptions`). */
  reset(options?: ResetOptions): void;
  /** Resolves once no callback is scheduled or in flight. */
  whenCallbacksIdle(): Promise<void>;
}

/**
 * Starts an emulator on an HTTP server. Rejects with `InvalidInputError` on bad options and
 * with the listen error (e.g. `EADDRINUSE`) if the port cannot be used.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({
 *   accounts: [{ apiKey: "JOD-test-0001", balance: 10, domains: ["meet.example.com"] }],
 * });
 * const response = await fetch(`${emulator.url}/deploy-recorder`, {
 *   method: "POST",
 *   body: new URLSearchParams({ apiKey: "JOD-test-0001", domain: "meet.example.com",
 *     recorders: "1", duration: "1", location: "lon", callback_url: "http://127.0.0.1:9000/cb" }),
 * });
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state = createEmulatorState(options);
  const server = createServer(createEmulatorApp(state));
  await listen(server, state.options.port, state.options.host);
  const { port } = server.address() as AddressInfo;
  const host = isIP(state.options.host) === 6 ? `[${state.options.host}]` : state.options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close: () => (closing ??= closeServer(server, state)),
    requests: () => state.requests.list(),
    deployments: () => state.deployments.list(),
    deployment: (deploymentId) => state.deployments.get(deploymentId),
    accounts: () => state.accounts.list(),
    balanceOf: (apiKey) => state.accounts.balanceOf(apiKey),
    addAccount: (account) => {
      state.accounts.add(account);
    },
    faults: () => state.faults.current(),
    setFaults: (settings) => state.faults.set(settings),
    clearFaults: () => state.faults.clear(),
    reset: (resetOptions) => state.reset(resetOptions),
    whenCallbacksIdle: () => state.callbacks.whenIdle(),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function closeServer(server: Server, state: EmulatorState): Promise<void> {
  state.shutdown();
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive and stalled (delayed) connections would otherwise hold close() open.
    server.closeAllConnections();
  });
}
