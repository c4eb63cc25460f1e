import { EventEmitter } from "node:events";
import net from "node:net";
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

/** What a hostile request got: the HTTP status and the listener's `result`, or the error code. */
export interface HostileAnswer {
  status: number | string;
  result?: string;
}

/** Sends one request and reads the answer, bounded to 5 s. Never throws. */
export async function sendHostile(
  url: string,
  init: { method?: string; body?: string; contentType?: string } = {},
): Promise<HostileAnswer> {
  try {
    const response = await fetch(url, {
      method: init.method ?? "POST",
      headers: init.contentType ? { "content-type": init.contentType } : {},
      body: init.body,
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    let result: string | undefined;
    try {
      result = (JSON.parse(text) as { result?: string }).result;
    } catch {
      // Not the listener's JSON (such as an empty 405 to HEAD).
    }
    return { status: response.status, result };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { status: cause?.code ?? (error as Error).name };
  }
}

/** A slow-loris connection: it sends its request a few bytes at a time and never finishes. */
export interface SlowConnection {
  /** Whether the server still holds the connection open. */
  isOpen(): boolean;
  /** Resolves when the server closed the connection, with what it answered (if anything). */
  readonly closed: Promise<{ answer: string }>;
  destroy(): void;
}

/**
 * Opens a connection that drips its request: `"headers"` never ends the header block, `"body"`
 * announces a large body and sends it one byte per `intervalMs`.
 */
export function openSlowConnection(
  url: string,
  mode: "headers" | "body",
  intervalMs = 500,
): SlowConnection {
  const { hostname, port, pathname } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let answer = "";
  let open = true;
  let timer: NodeJS.Timeout | undefined;
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => (answer += chunk));
  socket.on("error", () => undefined);
  const closed = new Promise<{ answer: string }>((resolve) =>
    socket.on("close", () => {
      open = false;
      clearInterval(timer);
      resolve({ answer });
    }),
  );
  socket.on("connect", () => {
    socket.write(`POST ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\n`);
    if (mode === "body") {
      socket.write("Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{");
    }
    timer = setInterval(() => socket.write(mode === "body" ? " " : "X-Slow: 1\r\n"), intervalMs);
  });
  return { isOpen: () => open, closed, destroy: () => socket.destroy() };
}
