import { readProviderSettings } from "../../../provider/src/settings";
import { DEFAULT_MAX_RECORDER_HOURS } from "../../../provider/src/settings";

const WITH_KEY = { JOD_API_KEY: "JOD-key" };
const configFrom = (values: Record<string, string>) => (key: string) => values[key];

describe("the spend guard's settings", () => {
  it("default to a ceiling of 500 recorder-hours and no price", () => {
    const { settings, failures } = readProviderSettings(configFrom({}), WITH_KEY);
    expect(failures).toEqual([]);
    expect(DEFAULT_MAX_RECORDER_HOURS).toBe(500);
    expect(settings.maxRecorderHours).toBe(500);
    expect(settings.pricePerRecorderHour).toBeUndefined();
  });

  it.each([
    ["84", 84],
    ["0.5", 0.5],
    [" 1000 ", 1000],
    ["none", "none"],
  ])("read jod:maxRecorderHours %j as %j", (value, expected) => {
    const { settings, failures } = readProviderSettings(
      configFrom({ "jod:maxRecorderHours": value }),
      WITH_KEY,
    );
    expect(failures).toEqual([]);
    expect(settings.maxRecorderHours).toBe(expected);
  });

  it("prefer stack config over JOD_MAX_RECORDER_HOURS and JOD_PRICE_PER_RECORDER_HOUR", () => {
    const env = { ...WITH_KEY, JOD_MAX_RECORDER_HOURS: "none", JOD_PRICE_PER_RECORDER_HOUR: "9" };
    const fromConfig = readProviderSettings(
      configFrom({ "jod:maxRecorderHours": "20", "jod:pricePerRecorderHour": "0.25" }),
      env,
    ).settings;
    expect(fromConfig).toMatchObject({ maxRecorderHours: 20, pricePerRecorderHour: 0.25 });
    const fromEnv = readProviderSettings(configFrom({}), env).settings;
    expect(fromEnv).toMatchObject({ maxRecorderHours: "none", pricePerRecorderHour: 9 });
  });

  it.each([
    ["jod:maxRecorderHours", "0"],
    ["jod:maxRecorderHours", "-5"],
    ["jod:maxRecorderHours", "1e3"],
    ["jod:maxRecorderHours", "None"],
    ["jod:maxRecorderHours", "Infinity"],
    ["jod:maxRecorderHours", ""],
    ["jod:pricePerRecorderHour", "0"],
    ["jod:pricePerRecorderHour", "€0.50"],
    ["jod:pricePerRecorderHour", "none"],
  ])("name %s in the failure for %j and keep the default ceiling", (key, value) => {
    const { settings, failures } = readProviderSettings(configFrom({ [key]: value }), WITH_KEY);
    expect(failures).toHaveLength(1);
    expect(failures[0].key).toBe(key);
    expect(failures[0].reason).toMatch(new RegExp(`^${key} must be a positive number`));
    expect(settings.maxRecorderHours).toBe(500);
    expect(settings.pricePerRecorderHour).toBeUndefined();
  });

  it("say how to turn the ceiling off", () => {
    const { failures } = readProviderSettings(configFrom({}), {
      ...WITH_KEY,
      JOD_MAX_RECORDER_HOURS: "unlimited",
    });
    expect(failures[0].reason).toMatch(
      /^JOD_MAX_RECORDER_HOURS must be a positive number .* or "none" to turn the ceiling off; got a string$/,
    );
  });
});
