import { lstatSync } from "node:fs";
import path from "node:path";
import {
  expectEmulatorBinServes,
  expectReadmeTestPasses,
  InstalledPackageProject,
  packTarballs,
} from "../helpers/installed-package-project";

jest.setTimeout(300_000);

describe("pulumi-jod and pulumi-jod-emulator installed with npm from their packed tarballs", () => {
  const tarballs = packTarballs();
  let project: InstalledPackageProject;

  beforeAll(async () => {
    project = await InstalledPackageProject.create("npm", tarballs);
  });
  afterAll(() => {
    project?.remove();
    tarballs.remove();
  });

  it("installs real copies, not links into the repo", () => {
    for (const name of ["pulumi-jod", "pulumi-jod-emulator"]) {
      expect(lstatSync(path.join(project.dir, "node_modules", name)).isSymbolicLink()).toBe(false);
    }
  });

  it("runs npx jod-emulator", async () => {
    await expectEmulatorBinServes(project);
  });

  it("passes the README's offline test in the user project", async () => {
    await expectReadmeTestPasses(project);
  });
});
