import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createCallbackApp } from "../../provider/src/callbacks/callback-app";
import { CALLBACK_PATH_PREFIX } from "../../provider/src/callbacks/callback-registry";
import type { CallbackRegistry } from "../../provider/src/callbacks/callback-registry";

/** The callback app served on a free loopback port, with what it reported. */
export interface CallbackAppServer {
  /** Such as `http://127.0.0.1:41234`. */
  baseUrl: string;
  /** The URL JOD would call for a token. */
  urlFor(token: string): string;
  /** Every result the app passed to `onDelivery`. */
  deliveries: string[];
  close(): Promise<void>;
}

/**
 * Serves `createCallbackApp` on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts
 * const server = await serveCallbackApp(registry);
 * try { await postJson(server.urlFor(token), body); } finally { await server.close(); }
 * ```
 */
export async function serveCallbackApp(registry: CallbackRegistry): Promise<CallbackAppServer> {
  const deliveries: string[] = [];
  const server = http.createServer(
    createCallbackApp({ registry, onDelivery: (result) => deliveries.push(result) }),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    urlFor: (token) => `${baseUrl}${CALLBACK_PATH_PREFIX}/${token}`,
    deliveries,
    close: async () => {
      const closed = once(server, "close");
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
