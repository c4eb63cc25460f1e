import { spawn, type ChildProcessByStdio } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import ts from "typescript";
import type { JournalEntry } from "../../provider/src/journal/journal-entry";

/** A callback nonce as the provider makes them: 32 hex characters. */
export const SAMPLE_NONCE = "c0ffee".repeat(5) + "c0";
/** A relay secret as `openssl rand -hex 32` makes them. */
export const SAMPLE_SECRET = "5ec2e7".repeat(10) + "abcd";

/** A temp directory, removed by the returned function. */
export function tempDirectory(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), "jod-journal-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** An `accepted` entry for `identity`, holding a callback nonce, with `changes` applied. */
export function sampleEntry(
  identity = "proj/dev/jod:RecorderDeployment::rec",
  changes: Partial<JournalEntry> = {},
): JournalEntry {
  return {
    identity,
    phase: "accepted",
    updatedAt: "2030-01-01T00:00:00.000Z",
    deadline: "2030-01-01T00:15:00.000Z",
    expiresAt: "2030-01-01T03:00:00.000Z",
    request: { domain: "meet.example.com", recorders: 2, duration: 3, location: "lon" },
    callbackNonce: SAMPLE_NONCE,
    deploymentId: "dep-1",
    balance: 40,
    ...changes,
  };
}

/** An ISO instant `hours` after 2030-01-01T00:00Z (negative: before). */
export function at(hours: number): string {
  return new Date(Date.parse("2030-01-01T00:00:00.000Z") + hours * 3_600_000).toISOString();
}

/**
 * Compiles the file journal (which needs nothing outside node built-ins) to CommonJS in `dir`,
 * so child processes can load it without ts-jest; returns the path to require.
 */
export function compileFileJournal(dir: string): string {
  for (const name of ["journal-entry", "file-journal"]) {
    const source = readFileSync(join(__dirname, `../../provider/src/journal/${name}.ts`), "utf8");
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(dir, `${name}.js`), outputText);
  }
  return join(dir, "file-journal.js");
}

/**
 * Starts `script` (CommonJS source) in a fresh node process; it finds `args` in
 * `process.argv.slice(1)`. Its stderr goes to the test's, so a failing child shows why.
 */
export function startNode(
  script: string,
  args: string[],
): ChildProcessByStdio<null, Readable, null> {
  return spawn(process.execPath, ["-e", script, ...args], { stdio: ["ignore", "pipe", "inherit"] });
}

/** Runs `script` as `startNode` does, to its end; answers its exit code and stdout. */
export async function runNode(
  script: string,
  args: string[],
): Promise<{ code: number | null; stdout: string }> {
  const child = startNode(script, args);
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout };
}

/** The pid of a process that has exited (and been reaped). */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await once(child, "exit");
  if (child.pid === undefined) throw new Error("node did not start");
  return child.pid;
}

/** A stand-in for the relay's journal endpoints (RELAY-PROTOCOL.md) on a loopback port. */
export interface LoopbackRelay {
  /** Such as `http://127.0.0.1:41234/jod-relay`. */
  baseUrl: string;
  /** Every request's method, path and Authorization header, in order. */
  requests: { method: string; path: string; authorization?: string }[];
  /** Makes every further request answer this status and body (undefined: behave). */
  failWith(status: number | undefined, body?: string): void;
  close(): Promise<void>;
}

/**
 * Serves the journal part of relay protocol 2: Bearer secret, keys of 64 hex characters, JSON
 * bodies up to 64 kB, GET answers the newest message or 403 (no body) when the journal is empty;
 * and the ping, naming the Redis store.
 */
export async function serveLoopbackRelay(secret: string): Promise<LoopbackRelay> {
  const channels = new Map<string, string[]>();
  const requests: LoopbackRelay["requests"] = [];
  let failure: { status: number; body: string } | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "";
      requests.push({ method: req.method ?? "", path, authorization: req.headers.authorization });
      const answer = (status: number, body = "", type = "text/plain") => {
        res.writeHead(status, { "content-type": type }).end(body);
      };
      // The ping (with the Redis store, which the journal needs to vouch for an empty entry)
      // stays up while the journal endpoint fails.
      if (path === "/jod-relay/ping" && req.headers.authorization === `Bearer ${secret}`) {
        return answer(
          200,
          '{"relay":"pulumi-jod","protocol":2,"store":"redis"}',
          "application/json",
        );
      }
      const key = /^\/jod-relay\/journal\/([0-9a-f]{64})$/.exec(path)?.[1];
      if (failure !== undefined) return answer(failure.status, failure.body);
      if (key === undefined) return answer(404);
      if (req.headers.authorization !== `Bearer ${secret}`) return answer(401);
      const messages = channels.get(key) ?? [];
      if (req.method === "POST") {
        const body = Buffer.concat(chunks);
        if (body.length > 64 * 1024) return answer(413);
        channels.set(key, [...messages, body.toString("utf8")].slice(-16));
        return answer(202, "queued messages: 1");
      }
      if (req.method === "GET") {
        const newest = messages.at(-1);
        return newest === undefined ? answer(403) : answer(200, newest, "application/json");
      }
      return answer(403);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/jod-relay`,
    requests,
    failWith: (status, body = "") => {
      failure = status === undefined ? undefined : { status, body };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
