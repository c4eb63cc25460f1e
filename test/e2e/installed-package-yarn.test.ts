import { useInstalledProject } from "../helpers/installed-package-project";

jest.setTimeout(300_000);

describe("pulumi-jod and pulumi-jod-emulator installed with yarn from their packed tarballs", () => {
  const installed = useInstalledProject("yarn");

  it("runs jod-emulator with yarn run", () => installed.expectEmulatorBinServes());

  it("passes the README's offline test in the user project", () =>
    installed.expectReadmeTestPasses());
});
