import {
  expectEmulatorBinServes,
  expectReadmeTestPasses,
  InstalledPackageProject,
  packTarballs,
} from "../helpers/installed-package-project";

jest.setTimeout(300_000);

describe("pulumi-jod and pulumi-jod-emulator installed with yarn from their packed tarballs", () => {
  const tarballs = packTarballs();
  let project: InstalledPackageProject;

  beforeAll(async () => {
    project = await InstalledPackageProject.create("yarn", tarballs);
  });
  afterAll(() => {
    project?.remove();
    tarballs.remove();
  });

  it("runs jod-emulator with yarn run", async () => {
    await expectEmulatorBinServes(project);
  });

  it("passes the README's offline test in the user project", async () => {
    await expectReadmeTestPasses(project);
  });
});
