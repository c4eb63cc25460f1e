#!/usr/bin/env node
// Builds the resource plugin's tarballs, dist/plugins/pulumi-resource-jod-v<version>-<os>-<arch>.tar.gz,
// for `pulumi plugin install resource jod <version> --file <tarball>`. Run after `npm run build`.
//
// A tarball holds the wrapper `pulumi-resource-jod` (it runs the node >= 22 on PATH), the
// compiled provider, schema.json and the node_modules the plugin loads at run time, copied from
// this checkout's installs: express and node-fetch (the provider's dependencies), and from
// @pulumi/pulumi only its generated gRPC stubs (proto/) with the gRPC and protobuf runtimes.
// Nothing is native, so every platform's tarball has the same files.
"use strict";
const { execFileSync } = require("node:child_process");
const {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const PROVIDER = path.join(ROOT, "provider");
const OUT = path.join(ROOT, "dist", "plugins");
const PLATFORMS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64"];
/** What the plugin requires at run time; their own dependencies follow. */
const RUNTIME_PACKAGES = ["express", "node-fetch", "@grpc/grpc-js", "google-protobuf"];
/** The SDK's stubs: the plugin loads these files only (see provider/src/plugin/sdk-modules.ts). */
const SDK = "@pulumi/pulumi";
const SDK_FILES = ["package.json", "LICENSE", "proto"];

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Node's lookup: the nearest node_modules/<name> from `fromDir` up to the checkout's root. */
function findPackage(name, fromDir) {
  for (let dir = fromDir; dir.startsWith(ROOT); dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === ROOT) break;
  }
  throw new Error(
    `${name} (needed from ${path.relative(ROOT, fromDir)}) is not installed: run npm ci`,
  );
}

/** Where a package found in the checkout goes in the tarball: the same node_modules layout. */
function targetOf(packageDir) {
  const relative = path.relative(ROOT, packageDir).split(path.sep);
  return relative.slice(relative.indexOf("node_modules")).join(path.sep);
}

/** Every package the runtime packages need, as directories in the checkout. */
function dependencyClosure() {
  const found = new Map();
  const visit = (name, fromDir) => {
    const dir = findPackage(name, fromDir);
    if (found.has(dir)) return;
    found.set(dir, name);
    const manifest = readJson(path.join(dir, "package.json"));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir);
    for (const optional of Object.keys(manifest.optionalDependencies ?? {})) {
      try {
        visit(optional, dir);
      } catch {
        // An optional dependency that is not installed here is not needed.
      }
    }
  };
  for (const name of RUNTIME_PACKAGES) visit(name, PROVIDER);
  return found;
}

function stage(dir, version) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(PROVIDER, "dist"), path.join(dir, "dist"), {
    recursive: true,
    filter: (source) => !source.endsWith(".d.ts") && !source.endsWith(".map"),
  });
  cpSync(path.join(PROVIDER, "bin", "pulumi-resource-jod"), path.join(dir, "pulumi-resource-jod"));
  chmodSync(path.join(dir, "pulumi-resource-jod"), 0o755);
  for (const file of ["schema.json", "LICENSE"]) {
    cpSync(path.join(PROVIDER, file), path.join(dir, file));
  }
  const packages = dependencyClosure();
  for (const [source] of packages) {
    cpSync(source, path.join(dir, targetOf(source)), {
      recursive: true,
      // Nested node_modules are copied as dependencies of their own, when they are ones.
      filter: (file) => !path.relative(source, file).split(path.sep).includes("node_modules"),
    });
  }
  const sdk = findPackage(SDK, PROVIDER);
  // The stubs under proto/ are not a public API of the SDK: ship the version the tests ran with.
  const pinned = readJson(path.join(ROOT, "package.json")).devDependencies[SDK];
  const installed = readJson(path.join(sdk, "package.json")).version;
  if (installed !== pinned) {
    throw new Error(`${SDK} ${installed} is installed, the workspace pins ${pinned}: run npm ci`);
  }
  for (const file of SDK_FILES) {
    cpSync(path.join(sdk, file), path.join(dir, "node_modules", SDK, file), { recursive: true });
  }
  const versions = (names) =>
    Object.fromEntries(
      names.map((name) => [
        name,
        readJson(path.join(findPackage(name, PROVIDER), "package.json")).version,
      ]),
    );
  // Exact versions, as shipped.
  writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify(
      {
        name: "pulumi-resource-jod",
        version,
        private: true,
        license: "Apache-2.0",
        description:
          "The Pulumi resource plugin for Jibris On Demand; needs Node.js >= 22 on PATH.",
        engines: { node: ">=22" },
        dependencies: versions([SDK, ...RUNTIME_PACKAGES]),
      },
      null,
      2,
    )}\n`,
  );
  return packages.size + 1;
}

function main() {
  const { version } = readJson(path.join(PROVIDER, "package.json"));
  if (!existsSync(path.join(PROVIDER, "dist", "plugin", "main.js"))) {
    throw new Error("provider/dist/plugin/main.js is missing: run npm run build first");
  }
  const staging = path.join(OUT, "staging");
  const count = stage(staging, version);
  for (const platform of PLATFORMS) {
    const tarball = path.join(OUT, `pulumi-resource-jod-v${version}-${platform}.tar.gz`);
    // Reproducible: sorted names, no owners, a fixed time.
    execFileSync("tar", [
      "--sort=name",
      "--owner=0",
      "--group=0",
      "--numeric-owner",
      "--mtime=@0",
      "-czf",
      tarball,
      "-C",
      staging,
      ".",
    ]);
    console.log(`${path.relative(ROOT, tarball)} (${count} packages)`);
  }
  rmSync(staging, { recursive: true, force: true });
}

main();
