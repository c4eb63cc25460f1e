import { randomBytes } from "node:crypto";
import { startEmulator, type RunningEmulator } from "../../emulator/src";
import { JOD_LOCATIONS } from "../../emulator/src/locations";
import type { DeploymentOutputs } from "../../provider/src/deployment-state";
import type { Location } from "../../provider/src/locations";
import { TEST_API_KEY, TEST_DOMAIN } from "../helpers/jod-test-setup";
import {
  createInProcessProvider,
  createInputs,
  HostileAnswer,
  sendHostile,
} from "../helpers/reliability-in-process-provider";
import { freePort, waitUntil } from "../helpers/reliability-processes";
import { expectNothingLost, reconcile } from "../helpers/reliability-reconcile";
import { successCallback } from "../helpers/unit-callback-bodies";

jest.setTimeout(150_000);

const CREATES = 200;
const FORGERIES = 2_000;

/** The four kinds of forgery, in turn. */
type Forgery = "random token" | "neighbour token" | "wrong id, real token" | "malformed";
const KINDS: Forgery[] = ["random token", "neighbour token", "wrong id, real token", "malformed"];

/** One character changed: a token next to a real one. */
function neighbour(token: string): string {
  const at = randomBytes(1)[0] % token.length;
  const replacement = token[at] === "A" ? "B" : "A";
  return token.slice(0, at) + replacement + token.slice(at + 1);
}

describe("200 concurrent creates in one provider process, under 2,000 forged callbacks", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      accounts: [{ apiKey: TEST_API_KEY, balance: 1_000_000, domains: [TEST_DOMAIN] }],
      capacity: Object.fromEntries(JOD_LOCATIONS.map((location) => [location, CREATES * 3])),
      callbackDelayMs: 0,
    });
    // JOD deploys (and picks the recorders) at once but sends no callback: the test sends the
    // real callbacks itself, among the forgeries, so that every forgery meets waiting creates.
    emulator.setFaults({ callbackMode: "drop" });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it("all complete with JOD's recorders, and no forged callback is accepted", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/jod/callback`;
    const { provider, logs } = createInProcessProvider(emulator.url, `127.0.0.1:${port}`);

    const creates = Array.from({ length: CREATES }, (_, index) =>
      provider.create(
        createInputs({
          location: JOD_LOCATIONS[index % JOD_LOCATIONS.length] as Location,
          recorders: 1 + (index % 3),
          timeoutSeconds: 120,
        }),
      ),
    );
    const allSettled = Promise.allSettled(creates);
    // Every create has JOD's answer (so knows its deployment id) and JOD picked the recorders.
    const accepted = () => logs.filter((line) => line.startsWith("jod: JOD accepted")).length;
    // The emulator settles a deployment just after it answers: wait for both, not one.
    const dropped = () => emulator.deployments().filter((d) => d.status === "dropped").length;
    await waitUntil(
      () => accepted() === CREATES && dropped() === CREATES,
      "JOD's answers to every create, and every deployment settled",
      60_000,
    );
    expect(emulator.deployments()).toHaveLength(CREATES);
    const real = emulator.deployments().map((d) => ({
      url: d.callbackUrl,
      token: new URL(d.callbackUrl).pathname.split("/").pop() as string,
      deploymentId: d.deploymentId,
      body: JSON.stringify({
        it: "worked",
        message: "deployment successful",
        deployment_info: { deployment_id: d.deploymentId, recorders: d.recorders },
      }),
    }));

    /** Forgery `index` of `step`, aimed at a deployment whose real callback is still to come. */
    const forge = (index: number, step: number): Promise<HostileAnswer> => {
      const kind = KINDS[index % KINDS.length];
      const target = real[Math.min(CREATES - 1, step + (index % 7))];
      const json = "application/json";
      switch (kind) {
        case "random token":
          return sendHostile(`${base}/${randomBytes(32).toString("base64url")}`, {
            body: JSON.stringify(successCallback(target.deploymentId, ["198.51.100.66"])),
            contentType: json,
          });
        case "neighbour token":
          return sendHostile(`${base}/${neighbour(target.token)}`, {
            body: JSON.stringify(successCallback(target.deploymentId, ["198.51.100.66"])),
            contentType: json,
          });
        case "wrong id, real token":
          return sendHostile(target.url, {
            body: JSON.stringify(successCallback(`not-${target.deploymentId}`, ["198.51.100.66"])),
            contentType: json,
          });
        case "malformed":
          return sendHostile(target.url, {
            body: ["not json", '{"it":"worked"', "[]", '{"it":"maybe"}'][(index >> 2) % 4],
            contentType: json,
          });
      }
    };
    // Step k sends ten forgeries at deployments k and later, with the real callback of k - 1:
    // forgeries and real callbacks run side by side, and each forgery is answered before the
    // real callback of its target is sent.
    const forged: Array<[Forgery, HostileAnswer]> = [];
    const genuine: HostileAnswer[] = [];
    const perStep = FORGERIES / CREATES;
    for (let step = 0; step <= CREATES; step += 1) {
      const sends: Array<Promise<void>> = [];
      if (step > 0) {
        const callback = real[step - 1];
        sends.push(
          sendHostile(callback.url, { body: callback.body, contentType: "application/json" }).then(
            (answer) => void genuine.push(answer),
          ),
        );
      }
      for (let n = 0; step < CREATES && n < perStep; n += 1) {
        const index = step * perStep + n;
        sends.push(
          forge(index, step).then((answer) => void forged.push([KINDS[index % 4], answer])),
        );
      }
      await Promise.all(sends);
    }
    const settled = await allSettled;

    // Every create got its own deployment, with exactly the recorders JOD picked.
    expect(settled.filter((outcome) => outcome.status === "rejected")).toEqual([]);
    const results = settled.flatMap((outcome) =>
      outcome.status === "fulfilled" ? [outcome.value] : [],
    );
    const paid = new Map(emulator.deployments().map((d) => [d.deploymentId, d]));
    expect(new Set(results.map((result) => result.id)).size).toBe(CREATES);
    for (const { id, outs } of results) {
      const deployment = paid.get(id);
      const recorders = deployment?.recorders.map((r) => ({
        id: r.recorder_id,
        ip: r.recorder_ip,
      }));
      expect((outs as DeploymentOutputs).deployedRecorders).toEqual(recorders);
      expect(outs).toMatchObject({ status: "ready", recorders: deployment?.recorderCount });
    }
    const reconciliation = reconcile(
      emulator,
      results.map(({ id, outs }) => ({ id, outputs: outs as Record<string, unknown> })),
    );
    expectNothingLost(reconciliation);
    expect(reconciliation).toMatchObject({ requests: CREATES, missing: [], unconfirmed: 0 });

    // The real callbacks were taken, and no forgery was, while every one met a waiting create.
    expect(genuine.map((answer) => answer.result)).toEqual(Array(CREATES).fill("accepted"));
    expect(forged).toHaveLength(FORGERIES);
    const tally = new Map<string, number>();
    for (const [kind, answer] of forged) {
      const key = `${kind}: ${answer.status} ${answer.result}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(tally)).toEqual({
      "random token: 404 unknown-token": FORGERIES / 4,
      "neighbour token: 404 unknown-token": FORGERIES / 4,
      "wrong id, real token: 409 wrong-deployment": FORGERIES / 4,
      "malformed: 400 not-json": FORGERIES / 8,
      "malformed: 400 invalid-body": FORGERIES / 8,
    });
    expect(logs.filter((line) => line === "jod: callback endpoint: accepted")).toHaveLength(
      CREATES,
    );
  });
});
