import { randomBytes } from "node:crypto";
import { useTestEmulator } from "../helpers/jod-test-setup";
import {
  createInProcessProvider,
  createInputs,
  HostileAnswer,
  openSlowConnection,
  sendHostile,
  SlowConnection,
} from "../helpers/reliability-in-process-provider";
import { flood, peakWhile } from "../helpers/hostile-flood";
import { freePort, isPortFree, waitUntil } from "../helpers/reliability-processes";
import { successCallback } from "../helpers/unit-callback-bodies";

jest.setTimeout(90_000);

/** Loopback, link-local, multicast and unspecified: a callback naming one is invalid. */
const UNFIREWALLABLE = ["127.0.0.1", "169.254.1.1", "224.0.0.1", "0.0.0.0"];

/**
 * Traffic an attacker (or a confused client) can send to the callback port while real creates
 * wait: none of it is taken as JOD's callback, and none of it holds up the real one.
 */
describe("hostile requests on the callback listener", () => {
  const fixture = useTestEmulator();

  it("are refused, never stall the real callback, and slow ones are cut off", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/jod/callback`;
    const { provider, logs, signals } = createInProcessProvider(
      fixture.emulator.url,
      `127.0.0.1:${port}`,
    );

    // A create whose callback never comes keeps the listener up for the whole test.
    fixture.emulator.setFaults({ callbackMode: "drop" });
    const waiting = provider.create(createInputs({ location: "fra" }));
    const waitingOutcome = waiting.catch((error: unknown) => error);
    const slow: SlowConnection[] = [];
    try {
      await waitUntil(() => logs.some((line) => line.includes("JOD accepted deployment")), "JOD");
      const [held] = fixture.emulator.deployments();
      const heldToken = new URL(held.callbackUrl).pathname.split("/").pop() as string;

      for (let i = 0; i < 10; i += 1) {
        slow.push(openSlowConnection(`${base}/${heldToken}`, i < 6 ? "body" : "headers"));
      }
      const random = () => randomBytes(32).toString("base64url");
      const json = "application/json";
      const hostile: Array<Promise<[string, HostileAnswer]>> = [];
      const attack = (name: string, url: string, init?: Parameters<typeof sendHostile>[1]) =>
        hostile.push(sendHostile(url, init).then((answer) => [name, answer]));
      for (let i = 0; i < 20; i += 1) {
        attack("forged token", `${base}/${random()}`, {
          body: JSON.stringify(successCallback(held.deploymentId, ["192.0.2.66"])),
          contentType: json,
        });
      }
      const flipped = heldToken.slice(0, -1) + (heldToken.endsWith("A") ? "B" : "A");
      attack("neighbour token", `${base}/${flipped}`, {
        body: JSON.stringify(successCallback(held.deploymentId, ["192.0.2.66"])),
        contentType: json,
      });
      attack("wrong deployment id", `${base}/${heldToken}`, {
        body: JSON.stringify(successCallback("someone-elses-deployment", ["192.0.2.66"])),
        contentType: json,
      });
      attack("not an IP", `${base}/${heldToken}`, {
        body: JSON.stringify(successCallback(held.deploymentId, ["0.0.0.0/0"])),
        contentType: json,
      });
      // Addresses no firewall should open, on the real token with the real deployment id.
      for (const ip of UNFIREWALLABLE) {
        attack(`recorder ${ip}`, `${base}/${heldToken}`, {
          body: JSON.stringify(successCallback(held.deploymentId, ["203.0.113.5", ip])),
          contentType: json,
        });
      }
      for (const method of ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]) {
        attack(`${method} method`, `${base}/${heldToken}`, { method });
      }
      attack("no token", base, { body: "{}", contentType: json });
      attack("extra path", `${base}/${heldToken}/more`, { body: "{}", contentType: json });
      attack("other path", `http://127.0.0.1:${port}/`, { body: "{}", contentType: json });
      attack("not JSON", `${base}/${heldToken}`, { body: "it=worked", contentType: "text/plain" });
      attack("cut JSON", `${base}/${heldToken}`, { body: '{"it":"wor', contentType: json });
      attack("JSON primitive", `${base}/${heldToken}`, { body: "1", contentType: json });
      attack("empty body", `${base}/${heldToken}`, { body: "", contentType: json });
      attack("deep nesting", `${base}/${heldToken}`, {
        body: "[".repeat(60_000),
        contentType: json,
      });
      attack("oversized", `${base}/${heldToken}`, {
        body: JSON.stringify({
          ...successCallback(held.deploymentId, ["192.0.2.66"]),
          padding: "x".repeat(4_300_000),
        }),
        contentType: json,
      });
      attack("huge", `${base}/${heldToken}`, { body: "x".repeat(9_000_000), contentType: json });
      attack("huge token", `${base}/${"t".repeat(20_000)}`, { body: "{}", contentType: json });

      // The real deployment, while all of the above is going on.
      fixture.emulator.setFaults({ callbackMode: "success", callbackDelayMs: 100 });
      const real = await provider.create(createInputs({ recorders: 2 }));
      const slowBodiesOpen = slow.slice(0, 6).every((connection) => connection.isOpen());
      const answers = await Promise.all(hostile);

      const paid = fixture.emulator.deployments().find((d) => d.deploymentId === real.id);
      expect(real.outs).toMatchObject({
        status: "ready",
        deployedRecorders: paid?.recorders.map((r) => ({ id: r.recorder_id, ip: r.recorder_ip })),
      });
      // The slow senders were still connected when the real callback went through.
      expect(slowBodiesOpen).toBe(true);

      const byName = Object.fromEntries(answers.map(([name, answer]) => [name, answer]));
      expect(answers.filter(([, answer]) => answer.result === "accepted")).toEqual([]);
      expect(answers.filter(([name]) => name === "forged token").map(([, a]) => a.status)).toEqual(
        Array(20).fill(404),
      );
      expect(byName).toMatchObject({
        "neighbour token": { status: 404, result: "unknown-token" },
        "wrong deployment id": { status: 409, result: "wrong-deployment" },
        "not an IP": { status: 400, result: "invalid-body" },
        ...Object.fromEntries(
          UNFIREWALLABLE.map((ip) => [`recorder ${ip}`, { status: 400, result: "invalid-body" }]),
        ),
        "GET method": { status: 405 },
        "PUT method": { status: 405 },
        "DELETE method": { status: 405 },
        "PATCH method": { status: 405 },
        "OPTIONS method": { status: 405 },
        "HEAD method": { status: 405 },
        "no token": { status: 404 },
        "extra path": { status: 404 },
        "other path": { status: 404 },
        "not JSON": { status: 400, result: "not-json" },
        "cut JSON": { status: 400, result: "not-json" },
        "JSON primitive": { status: 400, result: "not-json" },
        "empty body": { status: 400, result: "invalid-body" },
        "deep nesting": { status: 400 },
        oversized: { status: 413, result: "too-large" },
        huge: { status: 413 },
        "huge token": { status: 431 },
      });
      // Each refused address is named in the provider's log.
      for (const ip of UNFIREWALLABLE) {
        const named = `jod: callback endpoint: invalid-body (recorder_ip ${ip} is `;
        expect(logs.filter((line) => line.startsWith(named))).toHaveLength(1);
      }
      // Only the real callback was accepted, once.
      expect(logs.filter((line) => line === "jod: callback endpoint: accepted")).toHaveLength(1);

      // The listener bounds slow senders: it cuts them off on its own (headers 5 s, request 30 s).
      await waitUntil(
        () => slow.every((connection) => !connection.isOpen()),
        "the listener to cut off the slow senders",
        45_000,
      );

      // The held create ends when the process is told to stop, keeping its paid deployment.
      signals.send("SIGTERM");
      const stopped = (await waitingOutcome) as { id?: string; properties?: { status?: string } };
      expect(stopped.id).toBe(held.deploymentId);
      expect(stopped.properties?.status).toBe("awaiting-callback");
      // None of the refused addresses reached what the stack keeps.
      expect(JSON.stringify(stopped.properties)).not.toMatch(
        /127\.0\.0\.1|169\.254|224\.0|"0\.0\.0\.0"/,
      );
      expect(await isPortFree(port)).toBe(true);
      expect(fixture.emulator.requests()).toHaveLength(2);
    } finally {
      slow.forEach((connection) => connection.destroy());
      // Ends the held create if an assertion failed before the test stopped it.
      if (signals.listenerCount("SIGTERM") > 0) signals.send("SIGTERM");
    }
  });
});

/**
 * The flood (100 connections posting 4 MiB bodies to random tokens), shortened to
 * FLOOD_MS here; `npm run bench` runs the 30 s one. The token is checked before any body is
 * read, so the flood costs the listener almost nothing.
 */
const FLOOD_MS = 8_000;
/**
 * Generous (the test process's heap also holds the emulator and collects garbage lazily):
 * reading the flood's bodies would hold 100 × 4 MiB = 400 MiB at once.
 */
const HEAP_GROWTH_LIMIT_BYTES = 160 * 1024 * 1024;

describe("a flood on the callback listener while a create waits", () => {
  const fixture = useTestEmulator();

  it("leaves the real callback accepted and the listener's memory bounded", async () => {
    const port = await freePort();
    const { provider, logs, signals } = createInProcessProvider(
      fixture.emulator.url,
      `127.0.0.1:${port}`,
    );
    const memory = () => {
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      return heapUsed + arrayBuffers;
    };
    // A create whose callback never comes keeps the listener up for the whole flood.
    fixture.emulator.setFaults({ callbackMode: "drop" });
    const held = provider
      .create(createInputs({ location: "fra" }))
      .catch((error: unknown) => error);
    await waitUntil(() => logs.some((line) => line.includes("JOD accepted deployment")), "JOD");
    // The real one, whose callback comes mid-flood.
    fixture.emulator.setFaults({ callbackMode: "success", callbackDelayMs: FLOOD_MS / 2 });
    const before = memory();
    const real = provider.create(createInputs({ recorders: 2, location: "ams" }));
    const flooding = flood({
      base: `http://127.0.0.1:${port}/jod/callback`,
      connections: 100,
      durationMs: FLOOD_MS,
      bodyBytes: 4 * 1024 * 1024,
    });
    const { peak, result } = await peakWhile(memory, Promise.all([real, flooding]));
    const [created, offered] = result;
    signals.send("SIGTERM");
    await held;

    const paid = fixture.emulator.deployments().find((d) => d.deploymentId === created.id);
    expect(created.outs).toMatchObject({ status: "ready" });
    expect(created.outs.recorderIps).toEqual(paid?.recorders.map((r) => r.recorder_ip));
    expect(fixture.emulator.requests()).toHaveLength(2);
    // The flood was real: many requests, each refused without its body being read.
    expect(offered.offered).toBeGreaterThan(100);
    expect(
      Object.keys(offered.byStatus).filter((key) => /^\d+$/.test(key) && key !== "404"),
    ).toEqual([]);
    expect(peak - before).toBeLessThan(HEAP_GROWTH_LIMIT_BYTES);
  });
});
