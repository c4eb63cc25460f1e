import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const SOURCE = path.join(__dirname, "../../../provider/src");

/** Every .ts file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return file.endsWith(".ts") ? [file] : [];
  });
}

/** The provider files a file imports, type-only imports included (they tie modules together too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|require\()\s*"(\.[^"]+)"/g)].map((m) => m[1]);
  return specifiers.map((specifier) => {
    const base = path.resolve(path.dirname(file), specifier);
    return statSync(`${base}.ts`, { throwIfNoEntry: false })
      ? `${base}.ts`
      : path.join(base, "index.ts");
  });
}

/** One import circle as a list of files relative to provider/src, or undefined. */
function findCircle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const trail: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === "done") return undefined;
    if (state.get(file) === "open") return [...trail.slice(trail.indexOf(file)), file];
    state.set(file, "open");
    trail.push(file);
    for (const next of graph.get(file) ?? []) {
      const circle = visit(next);
      if (circle) return circle;
    }
    trail.pop();
    state.set(file, "done");
    return undefined;
  };
  for (const file of graph.keys()) {
    const circle = visit(file);
    if (circle) return circle.map((entry) => path.relative(SOURCE, entry));
  }
  return undefined;
}

describe("provider/src", () => {
  it("has no import circle", () => {
    const graph = new Map(sourceFiles(SOURCE).map((file) => [file, importsOf(file)]));
    expect(findCircle(graph)).toBeUndefined();
  });

  it("keeps the program side (resources, components) free of the runtime", () => {
    const programSide = [
      "recorder-deployment.ts",
      "recorder-fleet.ts",
      "fleet-config.ts",
      "fleet-recorder-hours.ts",
      "index.ts",
    ];
    for (const name of programSide) {
      const imports = importsOf(path.join(SOURCE, name)).map((file) => path.relative(SOURCE, file));
      expect({ name, runtime: imports.filter((file) => file.startsWith("runtime")) }).toEqual({
        name,
        runtime: [],
      });
    }
  });
});
