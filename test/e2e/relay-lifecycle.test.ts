import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import * as jod from "pulumi-jod";
import type { RunningEmulator } from "../../emulator/src";
import { startTestEmulator, TEST_DOMAIN } from "../helpers/jod-test-setup";
import { PulumiTestStack } from "../helpers/pulumi-test-stack";
import { useRelay } from "../helpers/relay-process";
import { callbackDelivered, relayConfig, relayDeploymentStack } from "../helpers/relay-stack";
import { findEngineProcesses } from "../helpers/reliability-processes";

jest.setTimeout(300_000);

/** TCP ports the process listens on, from its socket inodes and /proc/net/tcp{,6}. */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  const ports: number[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields: sl local rem st ... inode (index 9); st 0A is LISTEN.
      if (fields.length > 9 && fields[3] === "0A" && inodes.has(fields[9])) {
        ports.push(parseInt(fields[1].split(":")[1], 16));
      }
    }
  }
  return ports;
}

describe("RecorderDeployment through the callback relay (real nginx + nchan, real engine)", () => {
  let emulator: RunningEmulator;
  const relay = useRelay();

  beforeEach(async () => {
    emulator = await startTestEmulator();
  });
  afterEach(async () => {
    await emulator?.close();
  });

  it("deploys a fleet of 8 locations at once, refreshes and destroys, listening on no port of its own", async () => {
    // Slow callbacks keep every create waiting while the ports are looked at.
    emulator.setFaults({ callbackDelayMs: 3_000 });
    const recorders = Object.fromEntries(jod.LOCATION_CODES.map((code) => [code, 1]));
    const stack = await PulumiTestStack.create({
      program: async () => {
        const fleet = new jod.RecorderFleet("event", {
          domain: TEST_DOMAIN,
          duration: 2,
          recorders,
        });
        return { allIps: fleet.allIps, totalRecorders: fleet.totalRecorders };
      },
      config: relayConfig(emulator, relay),
    });
    try {
      const up = stack.up();
      // Once every deployment reached JOD, all 8 creates are waiting on the relay.
      const deadline = Date.now() + 120_000;
      while (emulator.deployments().length < 8 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(emulator.deployments()).toHaveLength(8);
      const { provider } = findEngineProcesses();
      // The only listening socket is the engine's gRPC port: no callback listener.
      expect(listeningPorts(provider.pid)).toHaveLength(1);
      const result = await up;

      expect(result.outputs.totalRecorders).toBe(8);
      expect(result.outputs.allIps).toEqual(
        expect.arrayContaining(
          emulator.deployments().flatMap((d) => d.recorders.map((r) => r.recorder_ip)),
        ),
      );
      for (const deployment of emulator.deployments()) {
        expect(deployment.callbackUrl).toMatch(
          new RegExp(`^${relay.baseUrl}/callback/[0-9a-f]{64}$`),
        );
      }
      const state = await stack.exportState();
      expect(state).not.toContain(relay.secret);
      const deployments = await stack.resourcesOfType(jod.RecorderDeployment.TYPE);
      expect(deployments).toHaveLength(8);
      for (const deployment of deployments) {
        expect(deployment.outputs?.status).toBe("ready");
        // The nonce that finds the channel again is kept, but only encrypted.
        // (The Automation API's export decrypts secrets: `plaintext` holds the JSON of the value.)
        const kept = deployment.outputs?.callbackNonce as { plaintext?: string };
        const nonce = JSON.parse(kept.plaintext ?? "null") as string;
        expect(nonce).toMatch(/^[0-9a-f]{32}$/);
        expect(state).not.toContain(nonce);
      }

      const refresh = await stack.refresh();
      expect(refresh.changeSummary.delete ?? 0).toBe(0);
      const destroy = await stack.destroy();
      expect(destroy.output).toContain("removed deployment");
      expect(await stack.resourcesOfType(jod.RecorderDeployment.TYPE)).toHaveLength(0);
    } finally {
      await stack.remove();
    }
  });

  it("recovers with pulumi refresh a callback that arrived after the create timed out", async () => {
    emulator.setFaults({ callbackDelayMs: 6_000 });
    const stack = await relayDeploymentStack(emulator, relay, "late", {
      recorders: 2,
      duration: 3,
      location: "fra",
      timeoutSeconds: 2,
    });
    try {
      await expect(stack.up()).rejects.toThrow(/CALLBACK_TIMEOUT|did not call back|callback/i);
      const [kept] = await stack.resourcesOfType(jod.RecorderDeployment.TYPE);
      expect(kept.outputs?.status).toBe("awaiting-callback");
      // The callback lands on the relay while no provider process is fetching.
      await callbackDelivered(emulator);

      const refresh = await stack.refresh();
      expect(refresh.output).toContain("its callback was waiting on the relay");
      const [recovered] = await stack.resourcesOfType(jod.RecorderDeployment.TYPE);
      const [deployment] = emulator.deployments();
      expect(recovered.outputs?.status).toBe("ready");
      expect(recovered.outputs?.recorderIps).toEqual(
        deployment.recorders.map((r) => r.recorder_ip),
      );
      const preview = await stack.preview();
      expect(preview.changeSummary.update ?? 0).toBe(0);
      expect(preview.changeSummary.create ?? 0).toBe(0);
      expect(emulator.deployments()).toHaveLength(1);
    } finally {
      await stack.remove();
    }
  });
});
