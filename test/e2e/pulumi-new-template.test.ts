import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { RunningEmulator } from "../../emulator/src";
import {
  expectProjectTestsPass,
  InstalledPackageProject,
  packTarballs,
  type PackedTarballs,
} from "../helpers/installed-package-project";
import { startTestEmulator, TEST_API_KEY, TEST_DOMAIN } from "../helpers/jod-test-setup";

jest.setTimeout(600_000);

const execFileAsync = promisify(execFile);
const TEMPLATE = path.resolve(__dirname, "../../templates/jod-recorders");
const PROJECT_NAME = "jod-new-test";
/** What a user answers to the template's prompts. */
const ANSWERS = {
  domain: TEST_DOMAIN,
  duration: "3",
  recorders: '{"lon": 2, "ams": 1}',
  "jod:apiKey": TEST_API_KEY,
};

/**
 * `pulumi new --generate-only`. The CLI built from source has no Node.js language host, which
 * `pulumi new` asks for runtime options once the files are written: that one error is expected
 * when no `pulumi-language-nodejs` is on PATH, and any other failure is not.
 */
async function pulumiNew(dir: string): Promise<void> {
  const config = Object.entries(ANSWERS).flatMap(([key, value]) => ["-c", `${key}=${value}`]);
  const args = ["new", TEMPLATE, "--generate-only", "--yes", "--force", "--dir", dir];
  try {
    await execFileAsync("pulumi", [...args, "--name", PROJECT_NAME, ...config]);
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr);
    const missingHost = /no language plugin 'pulumi-language-nodejs' found/.test(stderr);
    if (!missingHost || hasLanguageHost()) throw error;
  }
}

function hasLanguageHost(): boolean {
  try {
    execFileSync("sh", ["-c", "command -v pulumi-language-nodejs"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("the pulumi new template templates/jod-recorders", () => {
  let tarballs: PackedTarballs;
  let emulator: RunningEmulator;
  let root: string;
  let project: InstalledPackageProject;

  beforeAll(async () => {
    tarballs = packTarballs();
    emulator = await startTestEmulator();
    root = mkdtempSync(path.join(os.tmpdir(), "pulumi-jod-new-"));
    await pulumiNew(path.join(root, "project"));
    project = await InstalledPackageProject.adopt(path.join(root, "project"), tarballs);
  });
  afterAll(async () => {
    if (root) rmSync(root, { recursive: true, force: true });
    tarballs?.remove();
    await emulator?.close();
  });

  it("prompts for the domain, duration, counts and the API key as a secret", () => {
    const template = readFileSync(path.join(TEMPLATE, "Pulumi.yaml"), "utf8");
    const prompts = [...template.matchAll(/^ {4}(\S+):\n/gm)].map((match) => match[1]);
    expect(prompts).toEqual(Object.keys(ANSWERS));
    expect(template).toMatch(/^ {4}jod:apiKey:\n(?: {6}.*\n)* {6}secret: true$/m);
  });

  it("depends on the current pulumi-jod release line", () => {
    const read = (file: string) => JSON.parse(readFileSync(file, "utf8"));
    const template = read(path.join(TEMPLATE, "package.json"));
    const provider = read(path.resolve(__dirname, "../../provider/package.json"));
    expect(template.dependencies["pulumi-jod"]).toBe(`^${provider.version}`);
  });

  it("generates a project named as asked, without the template section", () => {
    const generated = readFileSync(path.join(project.dir, "Pulumi.yaml"), "utf8");
    expect(generated).toMatch(new RegExp(`^name: ${PROJECT_NAME}$`, "m"));
    expect(generated).not.toMatch(/^template:/m);
    const manifest = JSON.parse(readFileSync(path.join(project.dir, "package.json"), "utf8"));
    expect(manifest.name).toBe(PROJECT_NAME);
    expect(manifest.dependencies["pulumi-jod"]).toMatch(/^file:.*pulumi-jod-\d+\.\d+\.\d+\.tgz$/);
  });

  it("compiles and previews one deployment per location against the emulator", async () => {
    const tsc = require.resolve("typescript/bin/tsc");
    execFileSync(process.execPath, [tsc, "-p", project.dir]);
    project.setTests({
      "preview.test.ts": readFileSync(
        path.join(__dirname, "../user-project/template-preview.ts"),
        "utf8",
      ),
    });
    const stackConfig = {
      ...Object.fromEntries(
        Object.entries(ANSWERS)
          .filter(([key]) => key !== "jod:apiKey")
          .map(([key, value]) => [`${PROJECT_NAME}:${key}`, { value }]),
      ),
      "jod:apiKey": { value: ANSWERS["jod:apiKey"], secret: true },
      "jod:endpoint": { value: emulator.url },
    };
    await expectProjectTestsPass(project, {
      TEMPLATE_PROJECT_NAME: PROJECT_NAME,
      TEMPLATE_STACK_CONFIG: JSON.stringify(stackConfig),
    });
    expect(emulator.requests()).toHaveLength(0);
  });
});
