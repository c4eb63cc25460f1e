import { lstatSync } from "node:fs";
import path from "node:path";
import { useInstalledProject } from "../helpers/installed-package-project";

jest.setTimeout(300_000);

describe("pulumi-jod and pulumi-jod-emulator installed with npm from their packed tarballs", () => {
  const installed = useInstalledProject("npm");

  it("installs real copies, not links into the repo", () => {
    for (const name of ["pulumi-jod", "pulumi-jod-emulator"]) {
      const copy = path.join(installed.project.dir, "node_modules", name);
      expect(lstatSync(copy).isSymbolicLink()).toBe(false);
    }
  });

  it("runs npx jod-emulator", () => installed.expectEmulatorBinServes());

  it("passes the README's offline test in the user project", () =>
    installed.expectReadmeTestPasses());
});
