import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
// The one place that names where the provider's settings live (it may move).
import * as settings from "../../provider/src/settings";
import { CLIENT_DEFAULTS } from "../../provider/src/client/jod-client";

const REPO_ROOT = path.resolve(__dirname, "../..");

interface TableRow {
  configKey?: string;
  env?: string;
  defaultValue: string;
}

/** The rows of the table under "## Configuration reference" in README.md. */
function readmeConfigRows(): TableRow[] {
  const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.split("\n## Configuration reference\n")[1]?.split("\n## ")[0] ?? "";
  const cell = (text: string) => /^`([^`]+)`$/.exec(text.trim())?.[1];
  return section
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|\s*-/.test(line))
    .slice(1) // the header
    .map((line) => line.split("|").slice(1, -1))
    .map(([configKey, env, defaultValue]) => ({
      configKey: cell(configKey),
      env: cell(env),
      defaultValue: defaultValue.trim(),
    }));
}

/** `JOD_*` variables the provider reads directly (`env.JOD_X`), besides the config fallbacks. */
function envOnlyVariables(): string[] {
  const src = path.join(REPO_ROOT, "provider", "src");
  const found = new Set<string>();
  for (const file of readdirSync(src, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".ts")) continue;
    const text = readFileSync(path.join(src, file), "utf8");
    for (const match of text.matchAll(/\benv(?:\.|\[")(JOD_[A-Z_]+)/g)) found.add(match[1]);
  }
  const fallbacks = Object.values(settings.SETTING_KEYS).map((key) => key.env as string);
  return [...found].filter((name) => !fallbacks.includes(name)).sort();
}

const rows = readmeConfigRows();
const keys = Object.values(settings.SETTING_KEYS);

test("the README's configuration table lists exactly the config keys the provider reads", () => {
  const documented = rows.flatMap((row) => (row.configKey ? [row.configKey] : [])).sort();
  expect(documented).toEqual(keys.map((key) => key.config).sort());
});

test("each config key's row names its environment fallback", () => {
  for (const key of keys) {
    expect(rows.find((row) => row.configKey === key.config)?.env).toBe(key.env);
  }
});

test("the environment-only rows are exactly the JOD_* variables the provider reads directly (none today)", () => {
  const documented = rows.flatMap((row) => (!row.configKey && row.env ? [row.env] : [])).sort();
  expect(documented).toEqual(envOnlyVariables());
});

test("the documented defaults are the code's", () => {
  const defaultOf = (configKey: string) =>
    rows.find((row) => row.configKey === configKey)?.defaultValue;
  expect(defaultOf(settings.SETTING_KEYS.endpoint.config)).toBe(`\`${CLIENT_DEFAULTS.endpoint}\``);
  expect(defaultOf(settings.SETTING_KEYS.callbackListen.config)).toBe(
    `\`${settings.DEFAULT_CALLBACK_LISTEN}\``,
  );
});
