import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "../..");

/**
 * A project folder outside the repo with pulumi-jod installed from its packed tarball (what
 * `npm publish` would ship), and every other package linked from the repo's node_modules.
 * Nothing in it can fall back to the repo's own copy of pulumi-jod.
 */
export function createInstalledPackageProject(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pulumi-jod-installed-"));
  const nodeModules = path.join(dir, "node_modules");
  mkdirSync(nodeModules);
  execFileSync("npm", ["pack", "--workspace", "provider", "--pack-destination", dir, "--silent"], {
    cwd: REPO_ROOT,
  });
  const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack left no tarball in ${dir}`);
  execFileSync("tar", ["-xzf", path.join(dir, tarball), "-C", dir]);
  renameSync(path.join(dir, "package"), path.join(nodeModules, "pulumi-jod"));

  const repoModules = path.join(REPO_ROOT, "node_modules");
  for (const name of readdirSync(repoModules)) {
    if (name === "pulumi-jod" || name === "jod-emulator" || name === ".bin") continue;
    symlinkSync(path.join(repoModules, name), path.join(nodeModules, name));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
