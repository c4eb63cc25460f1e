import { execFile, execFileSync, spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "../..");
const REPO_BIN = path.join(REPO_ROOT, "node_modules", ".bin");

/** The package managers a user project can install pulumi-jod with. */
export type PackageManager = "npm" | "pnpm" | "yarn";

/** How each one installs what package.json lists (pnpm and yarn from the root devDependencies). */
const INSTALL_COMMANDS: Record<PackageManager, [string, string[]]> = {
  npm: ["npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"]],
  // CI=true makes pnpm insist on a frozen lockfile, which an upgrade must change.
  pnpm: [
    path.join(REPO_BIN, "pnpm"),
    ["install", "--no-frozen-lockfile", "--reporter=append-only"],
  ],
  // Yarn classic's default registry host is not the npm registry's; name the latter.
  yarn: [
    path.join(REPO_BIN, "yarn"),
    ["install", "--non-interactive", "--registry", "https://registry.npmjs.org"],
  ],
};

/** How each one runs a bin of an installed package. */
const EXEC_COMMANDS: Record<PackageManager, [string, string[]]> = {
  npm: ["npx", ["--no", "--"]],
  pnpm: [path.join(REPO_BIN, "pnpm"), ["exec"]],
  yarn: [path.join(REPO_BIN, "yarn"), ["--silent", "run"]],
};

/** A `jod-emulator` process started through the package manager. */
export interface EmulatorProcess {
  url: string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface PackedTarballs {
  provider: string;
  emulator: string;
  /** Deletes the tarballs. */
  remove(): void;
}

/** `npm pack` of pulumi-jod and pulumi-jod-emulator as built now (what `npm publish` ships). */
export function packTarballs(): PackedTarballs {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pulumi-jod-packed-"));
  const names = execFileSync(
    "npm",
    ["pack", "--workspace", "provider", "--workspace", "emulator", "--pack-destination", dir],
    { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  )
    .trim()
    .split("\n");
  const find = (prefix: string) => {
    const name = names.find((line) =>
      new RegExp(`^${prefix}-\\d+\\.\\d+\\.\\d+\\.tgz$`).test(line),
    );
    if (!name) throw new Error(`npm pack printed no ${prefix} tarball: ${names.join(", ")}`);
    return path.join(dir, name);
  };
  return {
    provider: find("pulumi-jod"),
    emulator: find("pulumi-jod-emulator"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The commit the 0.1.0 release was cut from. */
const RELEASE_0_1_0 = "39fb4c5";

/**
 * The pulumi-jod 0.1.0 tarball, built once from the repository's history into `.cache/` (an
 * export of the commit, `npm ci`, build, pack), for upgrade tests.
 */
export function pulumiJod010Tarball(): string {
  const cacheDir = path.join(REPO_ROOT, ".cache", "pulumi-jod-0.1.0");
  const tarball = path.join(cacheDir, "pulumi-jod-0.1.0.tgz");
  if (existsSync(tarball)) return tarball;
  const checkout = mkdtempSync(path.join(os.tmpdir(), "pulumi-jod-0.1.0-"));
  try {
    const run = (command: string, args: string[]) =>
      execFileSync(command, args, { cwd: checkout, stdio: ["ignore", "ignore", "pipe"] });
    execFileSync("sh", [
      "-c",
      `git -C "$0" archive ${RELEASE_0_1_0} | tar -x -C "$1"`,
      REPO_ROOT,
      checkout,
    ]);
    run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
    run("npm", ["run", "build", "--workspace", "provider"]);
    mkdirSync(cacheDir, { recursive: true });
    run("npm", ["pack", "--workspace", "provider", "--pack-destination", cacheDir]);
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
  if (!existsSync(tarball)) throw new Error(`building ${tarball} left no tarball`);
  return tarball;
}

/**
 * A user's project in a temporary folder outside the repo: package.json lists
 * `@pulumi/pulumi`, the pulumi-jod tarball and (as a devDependency) the emulator tarball, and
 * the package manager installs them from there and the npm registry. Nothing in it can fall
 * back to the repo's own copies.
 */
export class InstalledPackageProject {
  private constructor(
    readonly dir: string,
    readonly packageManager: PackageManager,
    private readonly emulatorTarball: string,
  ) {}

  static async create(
    packageManager: PackageManager,
    tarballs: PackedTarballs,
  ): Promise<InstalledPackageProject> {
    const dir = mkdtempSync(path.join(os.tmpdir(), `pulumi-jod-user-${packageManager}-`));
    const project = new InstalledPackageProject(dir, packageManager, tarballs.emulator);
    if (packageManager === "pnpm") {
      // pnpm refuses to install while a dependency's build script is neither allowed nor denied;
      // protobufjs' postinstall (a version notice) is not needed.
      writeFileSync(path.join(dir, "pnpm-workspace.yaml"), "allowBuilds:\n  protobufjs: false\n");
    }
    await project.installPulumiJod(tarballs.provider);
    return project;
  }

  /**
   * A project someone generated (e.g. with `pulumi new`), with the tarballs installed into it
   * by npm as a user would: `npm install ./pulumi-jod-X.tgz` keeps the other dependencies.
   */
  static async adopt(dir: string, tarballs: PackedTarballs): Promise<InstalledPackageProject> {
    const project = new InstalledPackageProject(dir, "npm", tarballs.emulator);
    const [command, args] = INSTALL_COMMANDS.npm;
    const provider = `./${project.copyIn(tarballs.provider)}`;
    const emulator = `./${project.copyIn(tarballs.emulator)}`;
    await execFileAsync(command, [...args, provider], { cwd: dir });
    await execFileAsync(command, [...args, "--save-dev", emulator], { cwd: dir });
    return project;
  }

  /** Installs (or upgrades to) this pulumi-jod tarball, as `npm install ./pulumi-jod-X.tgz` would. */
  async installPulumiJod(tarball: string): Promise<void> {
    const rootManifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    const manifest = {
      name: "user-project",
      version: "1.0.0",
      private: true,
      dependencies: {
        "@pulumi/pulumi": rootManifest.devDependencies["@pulumi/pulumi"],
        "pulumi-jod": `file:./${this.copyIn(tarball)}`,
      },
      devDependencies: { "pulumi-jod-emulator": `file:./${this.copyIn(this.emulatorTarball)}` },
    };
    writeFileSync(path.join(this.dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    await this.install();
  }

  /** Deletes node_modules and installs again, as on a fresh clone of the project. */
  async reinstallFromScratch(): Promise<void> {
    rmSync(path.join(this.dir, "node_modules"), { recursive: true, force: true });
    await this.install();
  }

  /** The version of pulumi-jod installed in the project's node_modules. */
  installedVersion(): string {
    // Read through node_modules, not require.resolve: that caches the first answer.
    const manifest = path.join(this.dir, "node_modules", "pulumi-jod", "package.json");
    return JSON.parse(readFileSync(manifest, "utf8")).version;
  }

  /** Replaces the project's tests with these, e.g. `{ "a.test.ts": "…" }`. */
  setTests(files: Record<string, string>): void {
    const testDir = path.join(this.dir, "test");
    rmSync(testDir, { recursive: true, force: true });
    mkdirSync(testDir);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(testDir, name), text);
  }

  /**
   * Runs the project's jest tests (`test/**\/*.test.ts`, compiled by ts-jest as a user's
   * `preset: "ts-jest"` would) with every import resolved from the project's node_modules.
   */
  async runJest(
    env: Record<string, string> = {},
  ): Promise<{ passed: number; failed: number; output: string }> {
    const resultsFile = path.join(this.dir, "jest-results.json");
    const config = {
      rootDir: this.dir,
      testEnvironment: "node",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      transform: {
        "^.+\\.ts$": [
          require.resolve("ts-jest"),
          {
            tsconfig: {
              module: "commonjs",
              target: "ES2022",
              strict: true,
              esModuleInterop: true,
              // The user would install @types/jest and @types/node; lend the repo's.
              typeRoots: [path.join(REPO_ROOT, "node_modules", "@types")],
              types: ["jest", "node"],
            },
          },
        ],
      },
    };
    const jest = require.resolve("jest/bin/jest");
    const args = [
      jest,
      "--config",
      JSON.stringify(config),
      "--json",
      `--outputFile=${resultsFile}`,
    ];
    const output = await execFileAsync(process.execPath, args, {
      cwd: this.dir,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      (result) => `${result.stdout}\n${result.stderr}`,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout}\n${error.stderr}`,
    );
    if (!existsSync(resultsFile)) throw new Error(`jest wrote no results:\n${output}`);
    const results = JSON.parse(readFileSync(resultsFile, "utf8"));
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    return { passed: results.numPassedTests, failed, output };
  }

  /** Starts the installed `jod-emulator` bin and waits for its "listening on" line. */
  startEmulatorBin(args: string[]): Promise<EmulatorProcess> {
    const [command, execArgs] = EXEC_COMMANDS[this.packageManager];
    // Its own process group, so that stopping it reaches the emulator under npx/pnpm/yarn.
    const child = spawn(command, [...execArgs, "jod-emulator", ...args], {
      cwd: this.dir,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    let output = "";
    return new Promise((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /jod-emulator listening on (http:\/\/\S+)/.exec(output);
        if (!match) return;
        child.stdout.off("data", onData);
        resolve({
          url: match[1],
          stop: () => {
            process.kill(-child.pid!, "SIGTERM");
            return exited;
          },
        });
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      void exited.then((code) => reject(new Error(`jod-emulator exited (${code}):\n${output}`)));
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async install(): Promise<void> {
    const [command, args] = INSTALL_COMMANDS[this.packageManager];
    await execFileAsync(command, args, { cwd: this.dir, maxBuffer: 16 * 1024 * 1024 });
  }

  private copyIn(tarball: string): string {
    copyFileSync(tarball, path.join(this.dir, path.basename(tarball)));
    return path.basename(tarball);
  }
}

/** The user project of one test file, with the checks every install must pass. */
export interface InstalledProjectFixture {
  readonly project: InstalledPackageProject;
  /** {@link expectEmulatorBinServes} in the project. */
  expectEmulatorBinServes(): Promise<void>;
  /** {@link expectReadmeTestPasses} in the project. */
  expectReadmeTestPasses(): Promise<void>;
}

/**
 * Packs the tarballs and installs them with `manager` into a new user project before the
 * file's tests; removes both after them.
 */
export function useInstalledProject(manager: PackageManager): InstalledProjectFixture {
  const fixture = {
    expectEmulatorBinServes: () => expectEmulatorBinServes(fixture.project),
    expectReadmeTestPasses: () => expectReadmeTestPasses(fixture.project),
  } as InstalledProjectFixture & { project: InstalledPackageProject };
  let tarballs: PackedTarballs | undefined;
  beforeAll(async () => {
    tarballs = packTarballs();
    fixture.project = await InstalledPackageProject.create(manager, tarballs);
  });
  afterAll(() => {
    fixture.project?.remove();
    tarballs?.remove();
  });
  return fixture;
}

/** The README's "Test your stack offline" test, as a user would copy it. */
export function readmeOfflineTest(): string {
  const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.split("\n## Test your stack offline\n")[1]?.split("\n## ")[0];
  const code = section && /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('README.md has no ts code block under "## Test your stack offline"');
  return code;
}

/** `jod-emulator` from the project's bins answers its admin API, and stops on SIGTERM. */
export async function expectEmulatorBinServes(project: InstalledPackageProject): Promise<void> {
  const emulator = await project.startEmulatorBin([
    "--account",
    "JOD-bin-check-0001:10:meet.example.com",
    "--quiet",
  ]);
  const accounts = await fetch(`${emulator.url}/__admin/accounts`).then((r) => r.json());
  expect(accounts).toEqual([
    expect.objectContaining({ balance: 10, domains: ["meet.example.com"] }),
  ]);
  await emulator.stop();
  await expect(fetch(`${emulator.url}/__admin/accounts`)).rejects.toThrow();
}

/** The README's offline jest test, copied into the project, passes there. */
export async function expectReadmeTestPasses(project: InstalledPackageProject): Promise<void> {
  project.setTests({ "recorders.test.ts": readmeOfflineTest() });
  await expectProjectTestsPass(project);
}

/** The project's jest tests (one test in all) pass, run with this environment. */
export async function expectProjectTestsPass(
  project: InstalledPackageProject,
  env: Record<string, string> = {},
): Promise<void> {
  const run = await project.runJest(env);
  // The project's jest output is part of the value so that a failure shows why.
  const outputIfFailed = run.failed === 0 ? "" : run.output;
  expect({ passed: run.passed, failed: run.failed, outputIfFailed }).toEqual({
    passed: 1,
    failed: 0,
    outputIfFailed: "",
  });
}
