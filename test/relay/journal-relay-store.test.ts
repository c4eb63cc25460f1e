// Needs relay/run-local.sh (the relay branch) and nginx-light, libnginx-mod-nchan, redis-server.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { RelayDeploymentJournal } from "../../provider/src/journal/relay-journal";
import { assertRelayAvailable, relayBinaries } from "../helpers/relay-process";
import { sampleEntry } from "../helpers/unit-journal";

const RUN_LOCAL = resolve(__dirname, "../../relay/run-local.sh");
const READY_WITHIN_MS = 20_000;

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/** Starts `command` and resolves once its stdout shows `ready`; rejects if it exits first. */
async function startUntil(command: string, args: string[], ready: string): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${command} not ready in ${READY_WITHIN_MS} ms: ${output}`)),
      READY_WITHIN_MS,
    );
    timer.unref();
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolveReady();
      }
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.once("exit", (code) => reject(new Error(`${command} exited (${code}): ${output}`)));
  });
  return child;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

describe("RelayDeploymentJournal on the real relay (nginx + nchan, relay/run-local.sh)", () => {
  const dir = mkdtempSync(join(tmpdir(), "jod-journal-relay-"));
  const secret = randomBytes(32).toString("hex");
  const secretFile = join(dir, "secret");
  let redis: ChildProcess | undefined;
  let relay: ChildProcess | undefined;
  let relayArgs: string[];
  let baseUrl: string;
  let journal: RelayDeploymentJournal;

  beforeAll(async () => {
    assertRelayAvailable();
    if (!existsSync(RUN_LOCAL)) {
      throw new Error(`${RUN_LOCAL} is missing: this test needs the relay (branch "relay") merged`);
    }
    writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
    const redisPort = await freePort();
    redis = await startUntil(
      relayBinaries.redisServer,
      ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--dir", dir],
      "Ready to accept connections",
    );
    const listen = `127.0.0.1:${await freePort()}`;
    relayArgs = [RUN_LOCAL, "--listen", listen, "--secret-file", secretFile];
    relayArgs.push("--redis", `redis://127.0.0.1:${redisPort}`, "--prefix", join(dir, "nginx"));
    relay = await startUntil("bash", relayArgs, "jod relay listening on");
    baseUrl = `http://${listen}/jod-relay`;
    journal = new RelayDeploymentJournal({ baseUrl, secret });
  });

  afterAll(async () => {
    await stop(relay);
    await stop(redis);
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers undefined for an identity nothing was written for", async () => {
    expect(await journal.read(`proj/ci/never-${randomBytes(4).toString("hex")}`)).toBeUndefined();
  });

  it("reads back the newest of many entries, also beyond the relay's buffer of 16", async () => {
    const identity = "proj/ci/many";
    for (let balance = 1; balance <= 20; balance += 1) {
      await journal.write(sampleEntry(identity, { balance }));
    }
    expect(await journal.read(identity)).toEqual(sampleEntry(identity, { balance: 20 }));
  });

  it("keeps entries apart per identity", async () => {
    await journal.write(sampleEntry("proj/ci/a", { deploymentId: "dep-a" }));
    await journal.write(sampleEntry("proj/ci/b", { deploymentId: "dep-b" }));
    expect((await journal.read("proj/ci/a"))?.deploymentId).toBe("dep-a");
    expect((await journal.read("proj/ci/b"))?.deploymentId).toBe("dep-b");
  });

  it("names jod:relaySecret when the secret is wrong", async () => {
    const wrong = new RelayDeploymentJournal({ baseUrl, secret: randomBytes(32).toString("hex") });
    await expect(wrong.read("proj/ci/a")).rejects.toMatchObject({ code: "RELAY_UNAUTHORIZED" });
    await expect(wrong.write(sampleEntry("proj/ci/a"))).rejects.toMatchObject({
      code: "RELAY_UNAUTHORIZED",
    });
    expect((await journal.read("proj/ci/a"))?.deploymentId).toBe("dep-a");
  });

  it("still has an entry after nginx restarts (Redis store): what a fresh CI runner sees", async () => {
    const identity = "proj/ci/survives";
    await journal.write(sampleEntry(identity, { phase: "sending", deploymentId: undefined }));
    await stop(relay);
    relay = await startUntil("bash", relayArgs, "jod relay listening on");
    expect(await journal.read(identity)).toEqual(
      sampleEntry(identity, { phase: "sending", deploymentId: undefined }),
    );
  });
});
