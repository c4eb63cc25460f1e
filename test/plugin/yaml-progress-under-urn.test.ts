import { useYamlStackOnEmulator } from "../helpers/yaml-plugin-stack";

// The plugin logs through the engine's Log call with the URN of the call it serves, so a
// create's progress lines belong to its resource (the dynamic provider's go to the stack).
const fixture = useYamlStackOnEmulator();
const URN = "urn:pulumi:test::jod-yaml::jod:index:RecorderDeployment::deployment";

test("the event log shows the create's progress lines under the resource's URN", async () => {
  const { result, events } = await fixture.stack.upWithEvents();
  expect(result.code).toBe(0);
  const diagnostics = events.flatMap((event) =>
    event.diagnosticEvent ? [event.diagnosticEvent] : [],
  );
  const lines = (pattern: RegExp) =>
    diagnostics.filter((diagnostic) => pattern.test(diagnostic.message));

  for (const pattern of [/jod: deploying 2 recorder/, /jod: JOD accepted deployment/, /ready: 2/]) {
    const found = lines(pattern);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ urn: URN, severity: "info" });
  }
  // No line of this run is left without its resource.
  expect(lines(/^jod: /).every((diagnostic) => diagnostic.urn === URN)).toBe(true);
}, 120_000);
