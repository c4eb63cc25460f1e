import { jodRecords } from "../helpers/hard-stop";
import { useEmulatorStack } from "../helpers/reliability-deployment-stack";

jest.setTimeout(240_000);

/**
 * `pulumi up --replace <urn>` is what every "kept" message gives for deploying anew on purpose.
 * The engine calls no Diff for it and gives Check no old inputs, so create alone cannot tell it
 * from a resume: RecorderDeployment is delete-before-replace, so the engine's Delete releases the
 * old deployment in the journal first, and the create buys exactly one new deployment each time.
 */
describe("pulumi up --replace", () => {
  const fixture = useEmulatorStack();

  it("buys exactly one new deployment each time, and the stack holds the newest", async () => {
    const { deployment, emulator } = fixture;
    deployment.declare("replaced");
    const first = await deployment.up();
    const [original] = await deployment.recorded();
    expect(jodRecords(emulator).posts).toBe(1);

    const ids = [first.outputs.deploymentId];
    for (const posts of [2, 3]) {
      const replaced = await deployment.stack.stack.up({ replace: [original.urn] });
      expect(jodRecords(emulator).posts).toBe(posts);
      const recorded = await deployment.recorded();
      expect(recorded).toHaveLength(1);
      const id = recorded[0].outputs?.deploymentId;
      expect(replaced.outputs.deploymentId.value).toBe(id);
      expect(ids).not.toContain(id);
      expect(jodRecords(emulator).accepted).toContain(id);
      expect(recorded[0].outputs?.status).toBe("ready");
      ids.push(id);
    }
  });
});
