import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DeploymentOutputs } from "../../../provider/src/deployment-state";
import { successCallback } from "../../helpers/unit-callback-bodies";
import { tempDirectory } from "../../helpers/unit-journal";
import { accepted, createUnitProvider } from "../../helpers/unit-provider-harness";
import { identifiedInputs, journaledEntry, settled } from "../../helpers/unit-resume";

/** A script that accepts `id` and calls back at once with one recorder. */
const acceptAndCallBack =
  (id: string) =>
  async ({ callBackLater }: { callBackLater: (body: unknown) => void }) => {
    callBackLater(successCallback(id, ["203.0.113.10"]));
    return accepted(id);
  };

/**
 * The engine's Delete of a deployment (`destroy`, or a replacement, which deletes before it
 * creates) is the evidence that the stack let it go: it is recorded in the journal, and the
 * next create of the resource buys anew. A Delete that cannot record it fails, so that a
 * replacement never quietly takes the old deployment back.
 */
describe("the engine's Delete of a deployment", () => {
  const dir = tempDirectory();
  afterAll(() => dir.remove());

  it("releases it: the next create of the resource buys exactly one new deployment", async () => {
    const inputs = identifiedInputs("delete/then-create", { timeoutSeconds: 5 });
    const unit = createUnitProvider({ script: acceptAndCallBack("dep-1") });
    const { id, outs } = await unit.provider.create(inputs);
    await unit.provider.delete(id, outs);
    expect((await journaledEntry(inputs))?.outcome?.kind).toBe("released");

    const next = createUnitProvider({ script: acceptAndCallBack("dep-2") });
    await expect(next.provider.create(inputs)).resolves.toMatchObject({ id: "dep-2" });
    expect(next.requests).toHaveLength(1);
  });

  it("fails, naming the deployment, when the journal cannot record it", async () => {
    const inputs = identifiedInputs("delete/unwritable", { timeoutSeconds: 5 });
    const unit = createUnitProvider({ script: acceptAndCallBack("dep-1") });
    const { id, outs } = await unit.provider.create(inputs);
    const notADirectory = join(dir.path, "journal");
    writeFileSync(notADirectory, "not a directory");
    const previous = process.env.PULUMI_JOD_JOURNAL_DIR;
    process.env.PULUMI_JOD_JOURNAL_DIR = notADirectory;
    try {
      const later = createUnitProvider({});
      const error = await settled(later.provider.delete(id, outs));
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain("the stack lets deployment dep-1 go");
      expect((error as Error).message).toContain("pulumi state delete");
    } finally {
      process.env.PULUMI_JOD_JOURNAL_DIR = previous;
    }
    expect((await journaledEntry(inputs))?.outcome?.kind).toBe("ready");
  });

  it("keeps the entry of another purchase of the resource, which the next create adopts", async () => {
    const inputs = identifiedInputs("delete/other-purchase", { timeoutSeconds: 1 });
    // dep-2 accepted, its callback never came: the entry names dep-2, the stack holds dep-1.
    const unit = createUnitProvider({ script: async () => accepted("dep-2") });
    await settled(unit.provider.create(inputs));
    const olds = { ...(inputs as DeploymentOutputs), deploymentId: "dep-1", status: "ready" };
    await unit.provider.delete("dep-1", olds as DeploymentOutputs);
    expect(await journaledEntry(inputs)).toMatchObject({ deploymentId: "dep-2" });

    const next = createUnitProvider({ script: async () => accepted("dep-3") });
    await expect(settled(next.provider.create(inputs))).resolves.toMatchObject({ id: "dep-2" });
    expect(next.requests).toHaveLength(0);
  });
});
