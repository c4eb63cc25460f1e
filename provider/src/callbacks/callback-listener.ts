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
    const onDelivery = (result: string) => log?.(`callback endpoint: ${result}`);
    const app = createCallbackApp({ registry: this.registry, onDelivery });
    // Bounded time for slow or stalled clients, so they cannot hold sockets for long. Node checks
    // these timeouts every `connectionsCheckingInterval` (30 s by default, which would let a
    // slow sender keep a socket for up to 40 s): check every second instead.
    const server = http.createServer({ connectionsCheckingInterval: 1_000 }, app);
    server.headersTimeout = 5_000;
    server.requestTimeout = 30_000;
    server.keepAliveTimeout = 1_000;
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

/** A wildcard bind address is not something JOD can call: the default URL uses loopback. */
const LOOPBACK: Record<string, string> = { "0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1" };
