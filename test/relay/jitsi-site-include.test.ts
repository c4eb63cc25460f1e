import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { freePort } from "../helpers/reliability-processes";
import {
  bearer,
  openChannel,
  publishCallback,
  type RelayEndpoint,
  relayToken,
} from "../helpers/relay-client";
import { assertRelayAvailable, packagesHint, relayBinaries } from "../helpers/relay-process";

// The README's Jitsi recipe on a copy of Debian's /etc/nginx layout: conf.d/ includes the
// http part, the site's server block includes the locations next to Jitsi-style locations
// that would otherwise catch /jod-relay/... (room names, static folders, the catch-all).
const shipped = path.resolve(__dirname, "../../relay/nginx/jod-relay");
const jitsiSite = (port: number) => `
server {
    listen 127.0.0.1:${port};
    location = /config.js { return 200 "jitsi config"; }
    location ~ ^/(libs|css|static|images|fonts|lang|sounds|.well-known)/(.*)$ { return 200 "jitsi static"; }
    location ~ ^/([^/?&:'"]+)$ { return 200 "jitsi room"; }
    location ~ ^/(.*)/$ { return 200 "jitsi folder"; }
    location / { return 200 "jitsi"; }
    include jod-relay/locations.conf;
}
`;

let dir: string;
let nginx: ChildProcess;
let relay: RelayEndpoint;
beforeAll(async () => {
  assertRelayAvailable();
  dir = mkdtempSync(path.join(tmpdir(), "jod-relay-jitsi-"));
  const etc = path.join(dir, "etc-nginx");
  const logs = path.join(dir, "logs");
  for (const sub of ["jod-relay", "conf.d", "sites-enabled"])
    mkdirSync(path.join(etc, sub), { recursive: true });
  mkdirSync(logs);
  mkdirSync(path.join(dir, "temp"));
  // The channel check's socket: /run is not ours either; nginx's workers must reach it.
  mkdirSync(path.join(dir, "run"));
  chmodSync(dir, 0o711);
  chmodSync(path.join(dir, "run"), 0o711);
  writeFileSync(
    path.join(etc, "jod-relay", "store.conf"),
    readFileSync(path.join(shipped, "store.conf")),
  );
  const http = readFileSync(path.join(shipped, "http.conf"), "utf8");
  writeFileSync(
    path.join(etc, "jod-relay", "http.conf"),
    http.replaceAll("/run/jod-relay-check.sock", `${dir}/run/check.sock`),
  );
  // Only the log folder differs from the shipped file: /var/log/nginx is not ours to write here.
  const locations = readFileSync(path.join(shipped, "locations.conf"), "utf8");
  writeFileSync(
    path.join(etc, "jod-relay", "locations.conf"),
    locations.replaceAll("/var/log/nginx/", `${logs}/`),
  );
  const secret = relayToken();
  writeFileSync(path.join(etc, "jod-relay", "secret.map"), `"~^Bearer ${secret}$" 1;\n`, {
    mode: 0o600,
  });
  writeFileSync(path.join(etc, "conf.d", "jod-relay.conf"), "include jod-relay/http.conf;\n");
  const port = await freePort();
  writeFileSync(path.join(etc, "sites-enabled", "meet.example.com.conf"), jitsiSite(port));
  writeFileSync(
    path.join(etc, "nginx.conf"),
    [
      "daemon off;",
      "worker_processes 1;",
      "pid logs/nginx.pid;",
      "error_log logs/error.log;",
      `load_module ${relayBinaries.nchanModule};`,
      process.getuid?.() === 0 ? "user nobody nogroup;" : "",
      "events { worker_connections 64; }",
      "http {",
      "  client_body_temp_path temp/body; proxy_temp_path temp/proxy; fastcgi_temp_path temp/fastcgi;",
      "  uwsgi_temp_path temp/uwsgi; scgi_temp_path temp/scgi;",
      "  access_log logs/access.log;",
      "  include conf.d/*.conf;",
      "  include sites-enabled/*;",
      "}",
    ].join("\n"),
  );
  let spawnError = "";
  // -e: the error log before the configuration is read (nginx's built-in one needs root).
  const args = ["-c", path.join(etc, "nginx.conf"), "-p", `${dir}/`, "-e", `${logs}/error.log`];
  nginx = spawn(relayBinaries.nginx, args, { stdio: "inherit" });
  nginx.on("error", (error) => (spawnError = error.message));
  relay = { baseUrl: `http://127.0.0.1:${port}/jod-relay`, secret };
  const deadline = Date.now() + 20_000;
  while (!(await answersPing(relay))) {
    if (spawnError || nginx.exitCode !== null || Date.now() > deadline) {
      throw new Error(
        `nginx with the Jitsi-style site did not serve (${spawnError}); ${packagesHint}`,
      );
    }
    await delay(100);
  }
});
afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx.once("exit", resolve));
    nginx.kill("SIGTERM");
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function answersPing(endpoint: RelayEndpoint): Promise<boolean> {
  try {
    return (await fetch(`${endpoint.baseUrl}/ping`, { headers: bearer(endpoint) })).status === 200;
  } catch {
    return false;
  }
}

test("inside a Jitsi-style server block the relay owns /jod-relay/ and the site keeps the rest", async () => {
  const site = relay.baseUrl.replace(/\/jod-relay$/, "");
  expect(await (await fetch(`${site}/someroom`)).text()).toBe("jitsi room");
  expect(await (await fetch(`${site}/libs/app.js`)).text()).toBe("jitsi static");

  const ping = await fetch(`${relay.baseUrl}/ping`, { headers: bearer(relay) });
  expect(await ping.json()).toEqual({ relay: "pulumi-jod", protocol: 2, store: "memory" });
  // JOD's POST is taken for a channel the provider opened, refused for any other.
  const token = relayToken();
  expect((await publishCallback(relay, token, "{}")).status).toBe(403);
  await openChannel(relay, token);
  expect((await publishCallback(relay, token, "{}")).status).toBe(202);
  for (const suffix of ["", "/", "/x/", "/unknown"]) {
    const response = await fetch(`${relay.baseUrl}${suffix}`);
    expect({ suffix, status: response.status }).toEqual({ suffix, status: 404 });
  }
});
