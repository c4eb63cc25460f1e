#!/usr/bin/env node
// Builds the resource plugin's release tarballs,
// dist/plugins/pulumi-resource-jod-v<version>-<os>-<arch>.tar.gz, each holding one file: the
// plugin as a single executable that needs no Node.js (scripts/plugin-executable.js). The
// engine downloads them from the schema's pluginDownloadURL (a GitHub release's assets), or
// `pulumi plugin install resource jod <version> --file <tarball>` installs one. Run after
// `npm run build`.
//
//   node scripts/package-plugin.js                        every platform it can build
//   node scripts/package-plugin.js --platform linux-amd64 one (repeatable)
//
// Tarballs are cached beside their executable, so a run with nothing changed only copies them.
"use strict";
const { execFileSync } = require("node:child_process");
const { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } = require("node:fs");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { PLATFORMS, buildExecutables } = require("./plugin-executable");

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "dist", "plugins");

/** The tarball of `executable` in `dir` (reproducible: no owners, a fixed time), made once. */
function tarball(dir, executable, name) {
  const file = path.join(dir, name);
  if (!existsSync(file)) {
    const partial = `${file}.tmp-${process.pid}`;
    execFileSync("tar", [
      "--owner=0",
      "--group=0",
      "--numeric-owner",
      "--mtime=@0",
      "-czf",
      partial,
      "-C",
      dir,
      executable,
    ]);
    renameSync(partial, file);
  }
  return file;
}

async function main() {
  const { values } = parseArgs({ options: { platform: { type: "string", multiple: true } } });
  const platforms = values.platform ?? Object.keys(PLATFORMS);
  for (const platform of platforms) {
    if (!(platform in PLATFORMS)) {
      throw new Error(
        `--platform ${platform}: not one this script builds (${Object.keys(PLATFORMS).join(", ")})`,
      );
    }
  }
  const { version } = JSON.parse(readFileSync(path.join(ROOT, "provider", "package.json"), "utf8"));
  const built = await buildExecutables(platforms);
  mkdirSync(OUT, { recursive: true });
  for (const platform of platforms) {
    const name = `pulumi-resource-jod-v${version}-${platform}.tar.gz`;
    const cached = tarball(built[platform].dir, PLATFORMS[platform].executable, name);
    // Atomic: a test may be reading the previous copy.
    const target = path.join(OUT, name);
    copyFileSync(cached, `${target}.tmp-${process.pid}`);
    renameSync(`${target}.tmp-${process.pid}`, target);
    console.log(path.relative(ROOT, target));
  }
}

main().catch((error) => {
  console.error(`package-plugin: ${error.message}`);
  process.exit(1);
});
