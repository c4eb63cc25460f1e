import type { DeploymentInputs } from "../../../provider/src/deployment-state";
import type { JournalEntry } from "../../../provider/src/journal/journal-entry";
import { resumption } from "../../../provider/src/runtime/adoption";
import { createProviderContext } from "../../../provider/src/runtime/provider-context";
import { createJodClient } from "../../../provider/src/client/jod-client";

const NOW = new Date("2030-01-01T12:00:00Z");
const IDENTITY = "org/project/stack|pulumi-nodejs:dynamic/jod:RecorderDeployment::rec";
const INPUTS: DeploymentInputs = {
  domain: "meet.example.com",
  recorders: 2,
  duration: 3,
  location: "lon",
};

function context() {
  const logs: string[] = [];
  const made = createProviderContext({
    createClient: createJodClient,
    now: () => NOW,
    env: {},
    log: (message) => logs.push(message),
  });
  return { context: made, logs };
}

function entry(change: Partial<JournalEntry>): JournalEntry {
  return {
    identity: IDENTITY,
    phase: "intent",
    updatedAt: "2030-01-01T11:59:00Z",
    deployedAt: "2030-01-01T11:59:00Z",
    expiresAt: "2030-01-01T15:00:00Z",
    request: { domain: INPUTS.domain, recorders: 2, duration: 3, location: "lon" },
    ...change,
  };
}

describe("what a create does with an earlier run's journal entry", () => {
  it("posts when there is no entry, or only the intent (nothing was sent)", () => {
    const { context: made } = context();
    expect(resumption(made, IDENTITY, INPUTS, undefined).kind).toBe("post");
    expect(resumption(made, IDENTITY, INPUTS, entry({ phase: "intent" })).kind).toBe("post");
  });

  it("does not post again when the POST went out but its answer was never recorded", () => {
    const { context: made } = context();
    expect(resumption(made, IDENTITY, INPUTS, entry({ phase: "sending" })).kind).toBe("unanswered");
  });

  it("adopts a deployment JOD accepted, and says so", () => {
    const { context: made, logs } = context();
    const plan = resumption(
      made,
      IDENTITY,
      INPUTS,
      entry({ phase: "accepted", deploymentId: "dep-1" }),
    );
    expect(plan).toMatchObject({ kind: "adopt", entry: { deploymentId: "dep-1" } });
    expect(logs.join("\n")).toContain("adopting it (nothing is bought again)");
  });

  it("hands over again a result the engine never recorded", () => {
    const { context: made } = context();
    const recorders = [{ id: "r1", ip: "192.0.2.1" }];
    const plan = resumption(
      made,
      IDENTITY,
      INPUTS,
      entry({
        phase: "done",
        deploymentId: "dep-1",
        outcome: { kind: "ready", recorders, message: "ok" },
      }),
    );
    expect(plan.kind).toBe("done");
    if (plan.kind !== "done") return;
    expect(plan.result.id).toBe("dep-1");
    expect(plan.result.outs).toMatchObject({ recorderIps: ["192.0.2.1"], status: "ready" });
  });

  it("posts anew for a replacement, changed inputs, an expired deployment or a failed one", () => {
    const accepted = entry({ phase: "accepted", deploymentId: "dep-1" });
    const replacing = context();
    replacing.context.replacing.add(IDENTITY);
    expect(resumption(replacing.context, IDENTITY, INPUTS, accepted).kind).toBe("post");
    const { context: made } = context();
    expect(resumption(made, IDENTITY, { ...INPUTS, recorders: 3 }, accepted).kind).toBe("post");
    const expired = { ...accepted, expiresAt: "2030-01-01T11:00:00Z" };
    expect(resumption(made, IDENTITY, INPUTS, expired).kind).toBe("post");
    const failed = entry({ phase: "done", outcome: { kind: "failed", message: "no capacity" } });
    expect(resumption(made, IDENTITY, INPUTS, failed).kind).toBe("post");
  });
});
