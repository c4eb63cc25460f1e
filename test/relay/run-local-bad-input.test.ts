import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { relayToken } from "../helpers/relay-client";
import { runRelayScriptToFailure } from "../helpers/relay-process";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jod-relay-input-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function secretFile(name: string, content: string, mode = 0o600): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  chmodSync(file, mode);
  return file;
}

test.each([
  ["missing", () => path.join(dir, "absent"), "does not exist"],
  ["too short", () => secretFile("short", "abc123\n"), "exactly 64 lowercase hex"],
  ["upper case", () => secretFile("upper", relayToken().toUpperCase()), "exactly 64 lowercase hex"],
  ["two lines", () => secretFile("lines", `${relayToken()}\n${relayToken()}\n`), "exactly 64"],
  ["world readable", () => secretFile("open", relayToken(), 0o644), "chmod 600"],
  ["group readable", () => secretFile("group", relayToken(), 0o640), "chmod 600"],
])("a secret file that is %s is refused with a clear message", async (_, makeFile, message) => {
  const file = makeFile();
  const result = await runRelayScriptToFailure(["--listen", "127.0.0.1:9", "--secret-file", file]);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(file);
  expect(result.stderr).toContain(message);
});

test.each([
  [["--secret-file", "/x"], "--listen HOST:PORT is required"],
  [["--listen", "127.0.0.1", "--secret-file", "/x"], "--listen must be HOST:PORT"],
  [["--listen", "127.0.0.1:70000", "--secret-file", "/x"], "port must be 1-65535"],
  [["--listen", "127.0.0.1:9", "--secret-file", "/x", "--redis", "localhost"], "--redis must be"],
  [["--listen", "127.0.0.1:9", "--bogus"], "unknown argument '--bogus'"],
])("bad arguments %j are refused: %s", async (args, message) => {
  const result = await runRelayScriptToFailure(args);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(message);
});
