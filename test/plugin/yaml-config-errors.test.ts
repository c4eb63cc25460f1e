import { useTestEmulator } from "../helpers/jod-test-setup";
import { YamlPluginStack } from "../helpers/yaml-plugin-stack";

// CheckConfig runs the provider's settings checks: a bad or missing setting fails the preview
// on the provider, with the same messages as the dynamic provider's, before anything is sent.
const fixture = useTestEmulator();

test("preview fails on the provider's config: the key not set, a bad ceiling", async () => {
  const stack = await YamlPluginStack.create({
    config: { "jod:endpoint": fixture.emulator.url, "jod:maxRecorderHours": "lots" },
  });
  try {
    const preview = await stack.run(["preview"], { env: { JOD_API_KEY: "" } });
    expect(preview.code).not.toBe(0);
    const output = preview.stdout + preview.stderr;
    expect(output).toContain("pulumi:providers:jod resource 'default': property apiKey");
    expect(output).toContain("jod:apiKey is not set: run `pulumi config set --secret jod:apiKey");
    expect(output).toContain("jod:maxRecorderHours must be a positive number of recorder-hours");
    expect(fixture.emulator.requests()).toHaveLength(0);
  } finally {
    await stack.remove();
  }
}, 120_000);
