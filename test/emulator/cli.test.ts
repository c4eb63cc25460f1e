import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { CallbackReceiver } from "../helpers/callback-receiver";
import { postDeployRecorder } from "../helpers/emulator-deploy-client";
import { waitUntil } from "../helpers/reliability-processes";
import { deployForm, TEST_API_KEY, TEST_DOMAIN } from "../helpers/emulator-test-fixture";

const REPO = path.resolve(__dirname, "../..");
const CLI = path.join(REPO, "emulator/dist/cli.js");
const LISTENING_LINE = /^jod-emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/;

interface CliRun {
  child: ChildProcessWithoutNullStreams;
  stdoutLines: string[];
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let workDir: string;
const running: ChildProcessWithoutNullStreams[] = [];

beforeAll(() => {
  // The CLI test runs the compiled program, as users do: build it first.
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", "emulator/tsconfig.json"],
    {
      cwd: REPO,
      stdio: "pipe",
    },
  );
  workDir = mkdtempSync(path.join(tmpdir(), "jod-emulator-cli-"));
}, 120_000);

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function runCli(args: string[]): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO });
  running.push(child);
  const stdoutLines: string[] = [];
  createInterface({ input: child.stdout }).on("line", (line) => stdoutLines.push(line));
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, stdoutLines, stderr: () => stderr, exit };
}

async function waitForLine(run: CliRun, index: number): Promise<string> {
  const printed = () => run.stdoutLines.length > index;
  await waitUntil(() => printed() || run.child.exitCode !== null, `stdout line ${index}`).catch(
    () => undefined,
  );
  if (!printed()) throw new Error(`no stdout line ${index}; stderr: ${run.stderr()}`);
  return run.stdoutLines[index];
}

test("it prints the listening line first, serves the API, logs without keys, stops on SIGTERM", async () => {
  const receiver = new CallbackReceiver();
  await receiver.start();
  try {
    const run = runCli([
      "--port",
      "0",
      "--account",
      `${TEST_API_KEY}:10:${TEST_DOMAIN}`,
      "--price",
      "0.5",
      "--callback-delay-ms",
      "10",
    ]);

    const [, url] = LISTENING_LINE.exec(await waitForLine(run, 0)) ?? [];
    expect(url).toBeDefined();
    const reply = await postDeployRecorder(url, deployForm(receiver.url));
    expect(reply.json).toMatchObject({ it: "worked", balance: 9 });
    expect((await receiver.nextCallback()).body).toMatchObject({ it: "worked" });
    await waitForLine(run, 2);

    run.child.kill("SIGTERM");

    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stdoutLines[1]).toMatch(/^POST \/deploy-recorder 200 .* key JOD-…2037 deployment /);
    expect(run.stdoutLines.join("\n")).not.toContain(TEST_API_KEY);
    expect(run.stderr()).toBe("");
  } finally {
    await receiver.stop();
  }
});

test("it reads a --config file and --quiet keeps stdout to the listening line", async () => {
  const configPath = path.join(workDir, "emulator.json");
  writeFileSync(
    configPath,
    JSON.stringify({ accounts: [{ apiKey: TEST_API_KEY, balance: 1, domains: [TEST_DOMAIN] }] }),
  );
  const run = runCli(["--config", configPath, "--quiet"]);
  const [, url] = LISTENING_LINE.exec(await waitForLine(run, 0)) ?? [];

  const reply = await postDeployRecorder(url, deployForm("http://127.0.0.1:9/cb"));
  run.child.kill("SIGINT");

  expect(reply.json).toMatchObject({ it: "worked", balance: 0.8 });
  expect(await run.exit).toEqual({ code: 0, signal: null });
  expect(run.stdoutLines).toEqual([expect.stringMatching(LISTENING_LINE)]);
});

test.each([
  [["--bogus"], /^jod-emulator: Unknown option '--bogus'/],
  [["--capacity", "mars=1"], /^jod-emulator: --capacity must be LOCATION=N/],
  [["--port", "70000"], /^jod-emulator: port must be an integer from 0 to 65535/],
])("bad flags %j exit with status 2 and a clear message", async (args, message) => {
  const run = runCli(args);

  expect(await run.exit).toEqual({ code: 2, signal: null });
  expect(run.stderr()).toMatch(message);
  expect(run.stderr()).toContain('Run "jod-emulator --help" for usage.');
  expect(run.stdoutLines).toEqual([]);
});

test("--help prints usage and exits 0", async () => {
  const run = runCli(["--help"]);

  expect(await run.exit).toEqual({ code: 0, signal: null });
  expect(run.stdoutLines[0]).toBe("Usage: jod-emulator [options]");
  expect(run.stdoutLines.join("\n")).toContain("--allow-remote-callbacks");
});
