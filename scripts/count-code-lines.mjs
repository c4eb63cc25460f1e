// Counts code lines in .ts files: non-blank lines that are not comment lines (//, /* */ blocks).
// Usage: node scripts/count-code-lines.mjs [dir]   (default provider/src)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = process.argv[2] ?? "provider/src";

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

function codeLines(text) {
  let inBlock = false;
  let count = 0;
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
    count += 1;
  }
  return count;
}

const rows = tsFiles(root).map((path) => [
  relative(root, path),
  codeLines(readFileSync(path, "utf8")),
]);
rows.sort((a, b) => b[1] - a[1]);
for (const [path, lines] of rows) console.log(`${String(lines).padStart(5)}  ${path}`);
const total = rows.reduce((sum, [, lines]) => sum + lines, 0);
console.log(`${String(total).padStart(5)}  total (${rows.length} files)`);
