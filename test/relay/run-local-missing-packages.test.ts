import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { relayToken } from "../helpers/relay-client";
import { runRelayScriptToFailure } from "../helpers/relay-process";

let dir: string;
let secretFile: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jod-relay-packages-"));
  secretFile = path.join(dir, "secret");
  writeFileSync(secretFile, relayToken(), { mode: 0o600 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("without the nchan module run-local.sh stops before nginx and names the Debian packages", async () => {
  const result = await runRelayScriptToFailure(
    ["--listen", "127.0.0.1:9", "--secret-file", secretFile],
    // It stops before running nginx: any program stands in for it, so no nginx is needed here.
    { JOD_RELAY_NGINX: "/bin/true", JOD_RELAY_NCHAN_MODULE: path.join(dir, "ngx_nchan_module.so") },
  );
  expect(result.status).toBe(2);
  expect(result.stderr).toContain("the nchan module is missing");
  expect(result.stderr).toContain("apt-get install nginx-light libnginx-mod-nchan");
});

test("without nginx run-local.sh names the Debian packages, Redis included when asked for", async () => {
  const result = await runRelayScriptToFailure(
    ["--listen", "127.0.0.1:9", "--secret-file", secretFile, "--redis", "redis://127.0.0.1:6379"],
    { JOD_RELAY_NGINX: path.join(dir, "nginx") },
  );
  expect(result.status).toBe(2);
  expect(result.stderr).toContain("nginx not found");
  expect(result.stderr).toContain("apt-get install nginx-light libnginx-mod-nchan redis-server");
});
