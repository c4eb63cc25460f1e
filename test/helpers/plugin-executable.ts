import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

/** The checkout: from test/helpers, or from dist/test/helpers where the benchmarks run it. */
const REPO = [path.resolve(__dirname, "../.."), path.resolve(__dirname, "../../..")].find((root) =>
  existsSync(path.join(root, "scripts", "package-plugin.js")),
) as string;

/** The provider's version: the plugin's, and its tarballs'. */
export const PLUGIN_VERSION = (
  JSON.parse(readFileSync(path.join(REPO, "provider", "package.json"), "utf8")) as {
    version: string;
  }
).version;

/**
 * The release tarball of the single-executable plugin for this machine (linux-amd64), built by
 * `npm run package:plugin` from this checkout's build (`npm run build` first). The script
 * caches the executable and tarball by their inputs, so only the first test file builds them.
 */
export function pluginTarball(): string {
  execFileSync("node", ["scripts/package-plugin.js", "--platform", "linux-amd64"], {
    cwd: REPO,
    stdio: "pipe",
  });
  return path.join(REPO, "dist", "plugins", tarballName("linux-amd64"));
}

/**
 * A folder holding the single executable of {@link pluginTarball}, unpacked (once per tarball),
 * for a `plugins.providers` path: the release artefact where a test needs a plugin folder.
 */
export function pluginExecutableDir(): string {
  const tarball = pluginTarball();
  const digest = createHash("sha256").update(readFileSync(tarball)).digest("hex").slice(0, 16);
  const dir = path.join(REPO, ".cache", "plugin-executable-unpacked", digest);
  if (!existsSync(dir)) {
    const partial = `${dir}.tmp-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", partial]);
    // Another test file may have unpacked the same tarball first: either copy is the same.
    if (existsSync(dir)) rmSync(partial, { recursive: true, force: true });
    else renameSync(partial, dir);
  }
  return dir;
}

/** The name the engine asks a plugin server for: `pulumi-resource-jod-v<version>-<os>-<arch>.tar.gz`. */
export function tarballName(platform: string): string {
  return `pulumi-resource-jod-v${PLUGIN_VERSION}-${platform}.tar.gz`;
}

/**
 * `PATH` without any folder that holds a `node`: what a machine without Node.js has. The
 * Pulumi CLI and the YAML language host this toolchain built stay (they live elsewhere).
 */
export function pathWithoutNode(searchPath = process.env.PATH ?? ""): string {
  return searchPath
    .split(path.delimiter)
    .filter((dir) => dir !== "" && !existsSync(path.join(dir, "node")))
    .join(path.delimiter);
}
