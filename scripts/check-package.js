#!/usr/bin/env node
// Publish check for the workspaces given as arguments (e.g. `node scripts/check-package.js
// provider emulator`): what `npm pack` would ship must be exactly the expected files, and
// package.json must carry the metadata npm and TypeScript consumers rely on. Run after
// `npm run build`. Prints every problem and exits 1 if there is any.
"use strict";
const { execFileSync } = require("node:child_process");
const { existsSync, readdirSync, readFileSync } = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const REPOSITORY_URL = /^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/;
const RELEASE_VERSION = /^\d+\.\d+\.\d+$/;
/** Files each package ships besides its compiled sources. */
const EXTRA_FILES = {
  provider: [
    "package.json",
    "README.md",
    "LICENSE",
    "CHANGELOG.md",
    // The resource plugin, for `plugins.providers` paths (node_modules/pulumi-jod/bin).
    "bin/pulumi-resource-jod",
    "schema.json",
  ],
  emulator: ["package.json", "README.md", "LICENSE"],
};
/** Files that must be executable in the package (npm keeps the mode it packs). */
const EXECUTABLES = { provider: ["bin/pulumi-resource-jod"], emulator: [] };
/** Packages that must be peer dependencies (one copy shared with the user's program). */
const PEERS = { provider: ["@pulumi/pulumi"], emulator: [] };

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** dist/X.js and dist/X.d.ts for every src/X.ts: a stale or missing build shows up as a diff. */
function compiledFiles(dir) {
  const src = path.join(dir, "src");
  return readdirSync(src, { recursive: true })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .flatMap((file) => {
      const base = path.posix.join("dist", file.split(path.sep).join("/")).replace(/\.ts$/, "");
      return [`${base}.js`, `${base}.d.ts`];
    });
}

function packedFiles(workspace) {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--workspace", workspace], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out)[0].files;
}

/** `>=A.B.C <D.0.0` only: a floor the SDK is tested at and no next major. */
function peerRangeProblem(range, testedVersion) {
  const match = /^>=(\d+)\.(\d+)\.(\d+) <(\d+)\.0\.0$/.exec(range ?? "");
  if (!match) return `must be ">=X.Y.Z <N.0.0", found ${JSON.stringify(range)}`;
  const [floorMajor, floorMinor, floorPatch, ceilingMajor] = match.slice(1).map(Number);
  const tested = testedVersion.split(".").map(Number);
  const atLeastFloor =
    tested[0] > floorMajor ||
    (tested[0] === floorMajor &&
      (tested[1] > floorMinor || (tested[1] === floorMinor && tested[2] >= floorPatch)));
  if (!atLeastFloor || tested[0] >= ceilingMajor) {
    return `${range} does not include ${testedVersion}, the version the tests run with`;
  }
  return undefined;
}

function checkPackage(workspace, rootManifest) {
  const dir = path.join(ROOT, workspace);
  const manifest = readJson(path.join(dir, "package.json"));
  const problems = [];
  const need = (condition, message) => condition || problems.push(message);

  need(!manifest.private, "must not be private");
  need(RELEASE_VERSION.test(manifest.version ?? ""), `version ${manifest.version} is not X.Y.Z`);
  need(
    manifest.version === rootManifest.version,
    `version ${manifest.version} differs from the workspace root's ${rootManifest.version}`,
  );
  need(manifest.license === "Apache-2.0", "license must be Apache-2.0");
  need(typeof manifest.description === "string" && manifest.description, "needs a description");
  need(
    Array.isArray(manifest.keywords) && manifest.keywords.includes("pulumi"),
    "keywords must include pulumi",
  );
  need(manifest.repository?.type === "git", "repository.type must be git");
  need(REPOSITORY_URL.test(manifest.repository?.url ?? ""), "repository.url: git+https://…git");
  need(manifest.repository?.directory === workspace, `repository.directory must be ${workspace}`);
  const repoWeb = (manifest.repository?.url ?? "").replace(/^git\+/, "").replace(/\.git$/, "");
  need(manifest.homepage?.startsWith(repoWeb), "homepage must be in the repository");
  need(manifest.bugs?.url === `${repoWeb}/issues`, "bugs.url must be the repository's issues");
  need(manifest.engines?.node === ">=22", 'engines.node must be ">=22"');
  need(Array.isArray(manifest.files) && manifest.files.length > 0, "needs a files list");

  for (const peer of PEERS[workspace]) {
    need(!manifest.dependencies?.[peer], `${peer} must be a peer dependency, not a dependency`);
    const problem = peerRangeProblem(
      manifest.peerDependencies?.[peer],
      rootManifest.devDependencies[peer],
    );
    need(!problem, `peerDependencies.${peer}: ${problem}`);
  }

  const packedEntries = packedFiles(workspace);
  const packed = packedEntries.map((file) => file.path);
  for (const executable of EXECUTABLES[workspace]) {
    const entry = packedEntries.find((file) => file.path === executable);
    need(!entry || (entry.mode & 0o111) === 0o111, `${executable} must be executable (chmod +x)`);
  }
  const expected = [...EXTRA_FILES[workspace], ...compiledFiles(dir)];
  for (const file of expected.filter((file) => !packed.includes(file))) {
    problems.push(`missing from the package: ${file}`);
  }
  for (const file of packed.filter((file) => !expected.includes(file))) {
    problems.push(`unexpected in the package: ${file}`);
  }

  const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin ?? {})];
  for (const entry of Object.values(manifest.exports ?? {})) {
    targets.push(...(typeof entry === "string" ? [entry] : Object.values(entry)));
  }
  for (const target of targets.filter(Boolean)) {
    const file = target.replace(/^\.\//, "");
    need(packed.includes(file), `entry point ${target} is not in the package`);
  }
  for (const bin of Object.values(manifest.bin ?? {})) {
    const file = path.join(dir, bin);
    need(
      existsSync(file) && readFileSync(file, "utf8").startsWith("#!/usr/bin/env node\n"),
      `bin ${bin} must start with #!/usr/bin/env node`,
    );
  }
  if (manifest.files?.includes("CHANGELOG.md")) {
    const changelog = readFileSync(path.join(dir, "CHANGELOG.md"), "utf8");
    need(changelog.includes(`## [${manifest.version}]`), `CHANGELOG.md has no ${manifest.version}`);
    need(changelog.includes("## [Unreleased]"), "CHANGELOG.md has no [Unreleased] section");
  }
  return problems.map((problem) => `${manifest.name ?? workspace}: ${problem}`);
}

const workspaces = process.argv.slice(2);
if (workspaces.length === 0 || workspaces.some((workspace) => !(workspace in EXTRA_FILES))) {
  console.error(`usage: check-package.js ${Object.keys(EXTRA_FILES).join("|")}…`);
  process.exit(2);
}
const rootManifest = readJson(path.join(ROOT, "package.json"));
const problems = workspaces.flatMap((workspace) => checkPackage(workspace, rootManifest));
for (const problem of problems) console.error(problem);
if (problems.length === 0)
  console.log(`package contents and metadata OK: ${workspaces.join(", ")}`);
process.exit(problems.length === 0 ? 0 : 1);
