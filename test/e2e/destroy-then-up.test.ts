import { jodRecords } from "../helpers/hard-stop";
import { useEmulatorStack } from "../helpers/reliability-deployment-stack";

jest.setTimeout(240_000);

/**
 * `pulumi destroy` lets the deployment go (its recorders run until they expire: JOD has no
 * teardown endpoint), so the next `pulumi up` is a new purchase: exactly one.
 */
describe("pulumi destroy, then pulumi up", () => {
  const fixture = useEmulatorStack();

  it("buys exactly one new deployment", async () => {
    const { deployment, emulator } = fixture;
    deployment.declare("destroyed");
    await deployment.up();
    const [first] = jodRecords(emulator).accepted;
    const destroyed = await deployment.stack.stack.destroy();
    expect(destroyed.stdout).toContain(`removed deployment ${first}`);
    expect(await deployment.recorded()).toEqual([]);

    await deployment.up();
    expect(jodRecords(emulator).posts).toBe(2);
    const [kept] = await deployment.recorded();
    expect(kept.id).toBe(jodRecords(emulator).accepted[1]);
    expect(kept.id).not.toBe(first);
  });
});
