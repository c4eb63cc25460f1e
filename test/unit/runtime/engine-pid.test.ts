import { enginePid } from "../../../provider/src/runtime/orphan-watch";

/** /proc as a function: `pid → [cmdline, stat]`; a missing pid throws as readFileSync does. */
function fakeProc(processes: Record<number, [string, string]>) {
  return (file: string) => {
    const [, pid, name] = /^\/proc\/(\d+)\/(\w+)$/.exec(file)!;
    const entry = processes[Number(pid)];
    if (!entry) throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
    return name === "cmdline" ? entry[0] : entry[1];
  };
}

const WRAPPER = [
  "/bin/sh",
  "/opt/pulumi/bin/pulumi-resource-pulumi-nodejs",
  "127.0.0.1:36839",
  "",
].join("\0");

describe("enginePid: what an orphaned provider watches", () => {
  it("looks through Pulumi's sh wrapper to the CLI that started it", () => {
    const proc = fakeProc({ 200: [WRAPPER, "200 (sh) S 100 200 200 0 -1"] });
    expect(enginePid(200, proc)).toBe(100);
  });

  it("sees the wrapper reparented once `pulumi` was killed", () => {
    const proc = fakeProc({ 200: [WRAPPER, "200 (sh) S 1 200 200 0 -1"] });
    expect(enginePid(200, proc)).toBe(1);
  });

  it("watches the parent itself when it is no wrapper (node started directly)", () => {
    const proc = fakeProc({
      100: [["pulumi", "up", ""].join("\0"), "100 (pulumi) S 50 50 50 0 -1"],
    });
    expect(enginePid(100, proc)).toBe(100);
  });

  it("watches the parent where there is no /proc", () => {
    expect(enginePid(100, fakeProc({}))).toBe(100);
  });
});
