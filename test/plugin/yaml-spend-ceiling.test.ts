import { readFileSync } from "node:fs";
import path from "node:path";
import { useTestEmulator } from "../helpers/jod-test-setup";
import { emulatorConfig, YamlPluginStack } from "../helpers/yaml-plugin-stack";

// The spend guard through the plugin: a preview over jod:maxRecorderHours fails, naming the
// figures and how to raise the ceiling, and sends nothing to JOD; for a fleet, its deployments
// count together.
const fixture = useTestEmulator();
const FLEET = readFileSync(
  path.resolve(__dirname, "../../examples/yaml/fleet/Pulumi.yaml"),
  "utf8",
);

test.each([
  {
    what: "a deployment over the ceiling (2 recorders × 3 h, ceiling 5)",
    program: undefined,
    counts: {},
    ceiling: "5",
    figures: "buys 6 recorder-hours (2 recorder(s) × 3 h)",
  },
  {
    what: "a fleet whose deployments together exceed it (3 recorders × 3 h, ceiling 8)",
    program: FLEET,
    counts: { lon: "2", ams: "1" },
    ceiling: "8",
    figures: "RecorderFleet fleet: 3 recorder(s) × 3 h = 9 recorder-hours in all",
  },
])(
  "preview refuses $what, with nothing sent",
  async ({ program, counts, ceiling, figures }) => {
    const { emulator } = fixture;
    const base = emulatorConfig(emulator);
    const stack = await YamlPluginStack.create({
      ...base,
      program,
      config: { ...base.config, "jod:maxRecorderHours": ceiling },
    });
    try {
      for (const [location, count] of Object.entries(counts)) {
        await stack.ok(["config", "set", "--path", `recorders.${location}`, count]);
      }
      const preview = await stack.run(["preview"]);
      const output = preview.stdout + preview.stderr;
      expect(preview.code).not.toBe(0);
      expect(output).toContain(figures);
      expect(output).toContain(`jod:maxRecorderHours is ${ceiling} recorder-hours`);
      expect(output).toContain("pulumi config set jod:maxRecorderHours");
      expect(emulator.requests()).toHaveLength(0);
    } finally {
      await stack.remove();
    }
  },
  120_000,
);
