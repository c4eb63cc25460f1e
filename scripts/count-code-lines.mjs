// Counts code lines in .ts files: non-blank lines that are not comment lines (//, /* */ blocks).
// Usage: node scripts/count-code-lines.mjs [dir] [--wiring]   (default provider/src)
//
// For provider/src it also splits the total between the files of the features that came after
// 0.1.0 (the callback relay, the deployment journal and adoption, hard stops, the spend guard)
// and the files that hold the 0.1.0 features, which the consolidation's line target is about.
// `--wiring` lists the code lines of the latter files that only serve the later features (they
// name them), so that the 0.1.0 features can be counted without them too.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const args = process.argv.slice(2);
const root = args.find((arg) => !arg.startsWith("--")) ?? "provider/src";
const showWiring = args.includes("--wiring");

const LATER_FEATURE_FILES = new Set([
  "relay.ts",
  "journal/file-journal.ts",
  "journal/journal-entry.ts",
  "journal/relay-journal.ts",
  "resource-identity.ts",
  "fleet-recorder-hours.ts",
  "runtime/journal-trail.ts",
  "runtime/purchase-decision.ts",
  "relay-http.ts",
  "settings.ts",
  "runtime/orphan-watch.ts",
  "runtime/relay-mode.ts",
  "runtime/spend-guard.ts",
]);
const LATER_FEATURE_NAMES =
  /journal|trail|relay|spend|identity|orphan|postsInFlight|\.replacing|replacing:|resum|nonce|recorderhours|pricePerRecorderHour|SPEND_LIMIT|RELAY_FAILED|enginePid/i;

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

function codeLines(text) {
  let inBlock = false;
  const lines = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (inBlock) {
      if (line.includes("*/")) inBlock = false;
      continue;
    }
    if (line === "" || line.startsWith("//")) continue;
    if (line.startsWith("/*")) {
      if (!line.includes("*/")) inBlock = true;
      continue;
    }
    lines.push(line);
  }
  return lines;
}

const rows = tsFiles(root).map((path) => [
  relative(root, path),
  codeLines(readFileSync(path, "utf8")),
]);
rows.sort((a, b) => b[1].length - a[1].length);
for (const [path, lines] of rows) console.log(`${String(lines.length).padStart(5)}  ${path}`);
const sum = (list) => list.reduce((total, [, lines]) => total + lines.length, 0);
console.log(`${String(sum(rows)).padStart(5)}  total (${rows.length} files)`);

if (root.replace(/\/+$/, "").endsWith("provider/src")) {
  // The provider plugin (pulumi-resource-jod) serves the same core to other languages.
  const plugin = rows.filter(([path]) => path.startsWith("plugin/"));
  const later = rows.filter(([path]) => LATER_FEATURE_FILES.has(path));
  const original = rows.filter(
    ([path]) => !LATER_FEATURE_FILES.has(path) && !path.startsWith("plugin/"),
  );
  const wiring = original.flatMap(([path, lines]) =>
    lines.filter((line) => LATER_FEATURE_NAMES.test(line)).map((line) => `${path}: ${line}`),
  );
  console.log(`${String(sum(plugin)).padStart(5)}  in the provider plugin (${plugin.length})`);
  console.log(
    `${String(sum(later)).padStart(5)}  in the files of later features (${later.length})`,
  );
  console.log(
    `${String(sum(original)).padStart(5)}  in the files of the 0.1.0 features (${original.length}), ` +
      `of which ${wiring.length} lines name a later feature`,
  );
  if (showWiring) for (const line of wiring) console.log(`       ${line}`);
}
