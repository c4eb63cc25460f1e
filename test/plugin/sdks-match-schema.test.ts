import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// The committed SDKs are what scripts/sdkgen makes of provider/schema.json at the provider's
// version (`npm run gen:sdk` after a schema change), and the Python one compiles.
const REPO = path.resolve(__dirname, "../..");
let out: string;
beforeAll(() => {
  out = mkdtempSync(path.join(tmpdir(), "jod-sdkgen-"));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.parentPath.includes("__pycache__"))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

test("sdk/go and sdk/python are regenerated from the schema unchanged", () => {
  const { version } = JSON.parse(
    readFileSync(path.join(REPO, "provider/package.json"), "utf8"),
  ) as { version: string };
  execFileSync(
    "go",
    ["run", "-p", "1", ".", path.join(REPO, "provider/schema.json"), version, out],
    {
      cwd: path.join(REPO, "scripts/sdkgen"),
      env: { ...process.env, GOMAXPROCS: "1", GOFLAGS: "-mod=mod" },
      stdio: "pipe",
    },
  );
  for (const language of ["go", "python"]) {
    const generated = files(path.join(out, language));
    // go.sum is `go mod tidy`'s, not the generator's.
    const committed = files(path.join(REPO, "sdk", language)).filter((file) => file !== "go.sum");
    expect(committed).toEqual(generated);
    // `go mod tidy` completes go.mod with the SDK's indirect requirements.
    for (const file of generated.filter((name) => name !== "go.mod")) {
      expect(readFileSync(path.join(REPO, "sdk", language, file), "utf8")).toBe(
        readFileSync(path.join(out, language, file), "utf8"),
      );
    }
  }
}, 600_000);

test("the Python SDK compiles", () => {
  execFileSync("python3", ["-m", "compileall", "-q", path.join(REPO, "sdk/python")], {
    // Bytecode goes to the temporary folder, not into the committed SDK.
    env: { ...process.env, PYTHONPYCACHEPREFIX: path.join(out, "pycache") },
    stdio: "pipe",
  });
});
