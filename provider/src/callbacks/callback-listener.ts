import { once } from "node:events";
import http from "node:http";
import { AddressInfo } from "node:net";
import type { CallbackChannel, CallbackLease } from "./callback-channel";
import { CALLBACK_PATH_PREFIX, callbackToken, CallbackRegistry } from "./callback-registry";
import { formatAddress, JodCallbackListenerError } from "../errors";

/** A bind address for the listener. */
export type ListenAddress = { host: string; port: number };

export interface CallbackListenerOptions {
  listen: ListenAddress;
  /**
   * The base URL JOD should call, when the listener is reached through a proxy, a forwarded
   * port or a tunnel. Defaults to `http://<listen host>:<bound port>`.
   */
  publicUrl?: string;
  /** The key that derives each channel's token from its nonce (the API key), read when needed. */
  tokenKey: () => string;
  log?: (message: string) => void;
}

/**
 * The HTTP side of the callback endpoint: one server per provider process, shared by every
 * concurrent create, started on the first registration and stopped when the last one is
 * released.
 */
export class CallbackListener implements CallbackChannel {
  readonly registry = new CallbackRegistry();
  private running?: Promise<{ server: http.Server; baseUrl: string }>;
  private stopping: Promise<void> = Promise.resolve();

  constructor(private readonly options: CallbackListenerOptions) {}

  async ready(): Promise<void> {}

  /** The listener keeps no callback once its create ended. */
  async fetchBuffered(): Promise<undefined> {
    return undefined;
  }

  async open(nonce: string, publicUrl?: string): Promise<CallbackLease> {
    // Register first, so a concurrent release sees this create and keeps the server up.
    const pending = this.registry.register(callbackToken(this.options.tokenKey(), nonce));
    // A second release disposes nothing; the server stops only when no create is registered.
    const release = async () => {
      pending.dispose();
      if (this.registry.size === 0) await this.stop();
    };
    try {
      const { baseUrl } = await (this.running ??= this.start());
      const base = publicUrl?.replace(/\/+$/, "") ?? baseUrl;
      return { pending, callbackUrl: `${base}${CALLBACK_PATH_PREFIX}/${pending.token}`, release };
    } catch (error) {
      await release();
      throw error;
    }
  }

  /** The bound address while the server runs, e.g. for tests and benchmarks. */
  async address(): Promise<AddressInfo | undefined> {
    return (await this.running)?.server.address() as AddressInfo | undefined;
  }

  private async start(): Promise<{ server: http.Server; baseUrl: string }> {
    await this.stopping;
    const { listen, publicUrl, log } = this.options;
    // Loaded on first use: preview, refresh and destroy never start a listener, so they skip
    // express and its ~70 modules (about 130 ms and 10 MiB of the provider process).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createCallbackApp } = require("./callback-app") as typeof import("./callback-app");
    const onDelivery = (result: string, problem?: string) =>
      log?.(`callback endpoint: ${result}${problem === undefined ? "" : ` (${problem})`}`);
    const app = createCallbackApp({ registry: this.registry, onDelivery });
    // Bounded time for slow or stalled clients, so they cannot hold sockets for long. Node checks
    // these timeouts every `connectionsCheckingInterval` (30 s by default, which would let a
    // slow sender keep a socket for up to 40 s): check every second instead.
    const server = http.createServer({ connectionsCheckingInterval: 1_000 }, app);
    server.headersTimeout = HEADERS_TIMEOUT_MS;
    server.requestTimeout = REQUEST_TIMEOUT_MS;
    server.timeout = IDLE_TIMEOUT_MS;
    server.keepAliveTimeout = 1_000;
    server.maxConnections = MAX_CONNECTIONS;
    try {
      server.listen(listen.port, listen.host);
      await once(server, "listening");
    } catch (error) {
      this.running = undefined;
      throw new JodCallbackListenerError(listen, error);
    }
    const { port } = server.address() as AddressInfo;
    const host = LOOPBACK[listen.host] ?? listen.host;
    const baseUrl = (publicUrl ?? `http://${formatAddress({ host, port })}`).replace(/\/+$/, "");
    log?.(`callback listener on ${formatAddress({ ...listen, port })}, public URL ${baseUrl}`);
    return { server, baseUrl };
  }

  private async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    this.stopping = running.then(({ server }) => closeServer(server)).catch(() => undefined);
    await this.stopping;
  }
}

/** Closes a server now, cutting open connections (a keep-alive socket would hold it open). */
function closeServer(server: http.Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}

/** The request line and headers must arrive within this; the token is checked right after. */
const HEADERS_TIMEOUT_MS = 5_000;
/** A whole request, body included: a 4 MiB callback takes well under a second on any link JOD uses. */
const REQUEST_TIMEOUT_MS = 30_000;
/** A connection that sends nothing for this long (a stalled body) is closed. */
const IDLE_TIMEOUT_MS = 10_000;
/**
 * Connections open at once; more are closed on arrival. Anonymous requests hold theirs only
 * until their headers are read (the token check answers and closes them), so a flood of a few
 * hundred connections never reaches this, and the bound keeps the listener's memory bounded
 * (at most this many header buffers) when something tries to hold sockets open.
 */
const MAX_CONNECTIONS = 256;

/** A wildcard bind address is not something JOD can call: the default URL uses loopback. */
const LOOPBACK: Record<string, string> = { "0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1" };
