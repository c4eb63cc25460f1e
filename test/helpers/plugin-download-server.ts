import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/** A plugin mirror on loopback: what a site's artifact server is to the engine. */
export interface PluginDownloadServer {
  /** Its base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The paths the engine asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves the files of `dir` (the release tarballs) by name over HTTP on 127.0.0.1, under
 * `/<prefix>/<name>` for each of `prefixes`, and 404 for anything else.
 */
export async function startPluginDownloadServer(
  dir: string,
  prefixes: string[],
): Promise<PluginDownloadServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const requested = decodeURIComponent(new URL(request.url ?? "/", "http://mirror").pathname);
    requests.push(requested);
    const file = path.join(dir, path.basename(requested));
    const served = prefixes.includes(path.dirname(requested)) && existsSync(file);
    if (request.method !== "GET" || !served) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    // The engine checks the length it copied against the announced one.
    response.writeHead(200, {
      "content-type": "application/gzip",
      "content-length": statSync(file).size,
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * `PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES` that sends the project's own download URL (the
 * schema's `github://api.github.com/pulumi-jod`, which the engine spells with the repository,
 * `…/pulumi-jod/pulumi-jod`) to `mirror`, and nothing else: not a catch-all, which would also
 * take the engine's fallback sources.
 */
export function jodDownloadOverride(mirror: string): string {
  return `^github://api\\.github\\.com/pulumi-jod/pulumi-jod$=${mirror}`;
}
