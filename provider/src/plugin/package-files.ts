import { readFileSync } from "node:fs";
import path from "node:path";
import sea from "node:sea";

/** The package root: `dist/plugin/..` holds package.json and schema.json. */
const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

/**
 * One of the package's files the plugin serves (`package.json`, `schema.json`): an asset of the
 * single executable when the plugin is one (scripts/package-plugin.js embeds them), otherwise
 * the file beside `dist/` (the npm package, a checkout).
 */
export function readPackageFile(name: "package.json" | "schema.json"): string {
  return sea.isSea()
    ? sea.getAsset(name, "utf8")
    : readFileSync(path.join(PACKAGE_ROOT, name), "utf8");
}
