import * as jod from "pulumi-jod";
import type { RunningEmulator } from "../../emulator/src";
import { startTestEmulator } from "../helpers/jod-test-setup";
import type { PulumiTestStack, StateResource } from "../helpers/pulumi-test-stack";
import {
  FIXTURE_DEPLOYMENTS,
  importStateFixture,
  readFixtureState,
} from "../helpers/state-fixture";

jest.setTimeout(300_000);

/** What 0.1.0 recorded: [name, id, status] of each deployment, by name. */
const RECORDED_BY_0_1_0 = FIXTURE_DEPLOYMENTS.map((d) => [d.name, d.id, d.status]).sort();

/** [name, id, status] of each deployment in state, by name (the engine may reorder state). */
function summarize(resources: StateResource[]): unknown[] {
  return resources.map((r) => [r.urn.split("::").at(-1), r.id, r.outputs?.status]).sort();
}

/** The fixture's `expiresAt` of each deployment, by id. */
function fixtureExpiry(): Map<string, string> {
  const resources = (readFixtureState().deployment?.resources ?? []) as StateResource[];
  return new Map(
    resources
      .filter((r) => r.type === jod.RecorderDeployment.TYPE)
      .map((r) => [r.id ?? "", String(r.outputs?.expiresAt)]),
  );
}

/**
 * Stacks written by 0.1.0 run the shim serialized then, against whatever `pulumi-jod` is
 * installed now: refresh, up and destroy must keep working on them without a request to JOD.
 */
describe("a stack written by 0.1.0", () => {
  let emulator: RunningEmulator;
  let stack: PulumiTestStack;

  beforeEach(async () => {
    emulator = await startTestEmulator();
    stack = await importStateFixture(emulator.url);
    expect(summarize(await stack.resourcesOfType(jod.RecorderDeployment.TYPE))).toEqual(
      RECORDED_BY_0_1_0,
    );
  });
  afterEach(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  /** The emulator's deploy request log, as its admin API serves it. */
  async function requestsToJod(): Promise<unknown[]> {
    const response = await fetch(`${emulator.url}/__admin/requests`);
    expect(response.status).toBe(200);
    return (await response.json()) as unknown[];
  }

  it("refresh keeps all three deployments with their status", async () => {
    const refresh = await stack.refresh();
    expect(summarize(await stack.resourcesOfType(jod.RecorderDeployment.TYPE))).toEqual(
      RECORDED_BY_0_1_0,
    );
    expect(refresh.changeSummary).not.toHaveProperty("delete");
    for (const { id, status } of FIXTURE_DEPLOYMENTS.filter((d) => d.status !== "ready")) {
      expect(refresh.output).toContain(`deployment ${id} (`);
      expect(refresh.output).toContain(`is ${status}:`);
    }
    expect(await requestsToJod()).toEqual([]);
  });

  it("up with the same program deploys nothing and sends nothing to JOD", async () => {
    const up = await stack.up();
    const steps = up.steps.filter((step) => step.type === jod.RecorderDeployment.TYPE);
    const opByName = Object.fromEntries(steps.map((step) => [step.urn.split("::").at(-1), step]));
    expect(opByName.ready).toMatchObject({ op: "same" });
    expect(opByName["awaiting-callback"]).toMatchObject({ op: "same" });
    // The engine retries a resource kept with init errors (the partial create) by calling
    // update; the provider keeps it as it is.
    expect(opByName.unconfirmed).toMatchObject({ op: "update", keys: [], diffs: [] });
    expect(up.output).toContain("deployment unconfirmed-");
    expect(up.output).toContain("is still unconfirmed");
    expect(up.changeSummary).toMatchObject({ update: 1 });
    expect(Object.keys(up.changeSummary).sort()).toEqual(["same", "update"]);
    expect(summarize(await stack.resourcesOfType(jod.RecorderDeployment.TYPE))).toEqual(
      RECORDED_BY_0_1_0,
    );
    expect(await requestsToJod()).toEqual([]);
  });

  it("destroy empties the stack and says the recorders run until they expire", async () => {
    const destroy = await stack.destroy();
    expect(await stack.resourcesOfType(jod.RecorderDeployment.TYPE)).toEqual([]);
    const expiry = fixtureExpiry();
    for (const { id } of FIXTURE_DEPLOYMENTS) {
      expect(destroy.output).toContain(`removed deployment ${id} (`);
      expect(destroy.output).toContain(
        `its recorders keep running (already paid) until ${expiry.get(id)}`,
      );
    }
    expect(await requestsToJod()).toEqual([]);
  });
});
