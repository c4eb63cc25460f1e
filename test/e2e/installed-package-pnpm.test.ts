import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import {
  expectEmulatorBinServes,
  expectProjectTestsPass,
  expectReadmeTestPasses,
  InstalledPackageProject,
  packTarballs,
  pulumiJod010Tarball,
  type PackedTarballs,
} from "../helpers/installed-package-project";
import { startTestEmulator, TEST_API_KEY } from "../helpers/jod-test-setup";

jest.setTimeout(600_000);

const userTest = (name: string) =>
  readFileSync(path.join(__dirname, "../user-project", name), "utf8");
/** pulumi-jod's folders in pnpm's virtual store: their names carry the version. */
const storeCopies = (project: InstalledPackageProject) =>
  readdirSync(path.join(project.dir, "node_modules", ".pnpm")).filter((name) =>
    name.startsWith("pulumi-jod@"),
  );

describe("pulumi-jod and pulumi-jod-emulator installed with pnpm from their packed tarballs", () => {
  let tarballs: PackedTarballs;
  beforeAll(() => {
    tarballs = packTarballs();
  });
  afterAll(() => tarballs?.remove());

  describe("a fresh install", () => {
    let project: InstalledPackageProject;
    beforeAll(async () => {
      project = await InstalledPackageProject.create("pnpm", tarballs);
    });
    afterAll(() => project?.remove());

    it("runs jod-emulator with pnpm exec", async () => {
      await expectEmulatorBinServes(project);
    });

    it("passes the README's offline test in the user project", async () => {
      await expectReadmeTestPasses(project);
    });
  });

  describe("an upgrade from 0.1.0", () => {
    let project: InstalledPackageProject;
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startTestEmulator();
      project = await InstalledPackageProject.create("pnpm", {
        ...tarballs,
        provider: pulumiJod010Tarball(),
      });
    });
    afterAll(async () => {
      project?.remove();
      await emulator?.close();
    });

    it("refreshes, updates and destroys a stack deployed with 0.1.0 after upgrading", async () => {
      const env = { UPGRADE_TEST_API_KEY: TEST_API_KEY, UPGRADE_TEST_ENDPOINT: emulator.url };
      const stackModule = { "upgrade-stack.ts": userTest("upgrade-stack.ts") };
      expect(project.installedVersion()).toBe("0.1.0");
      project.setTests({ ...stackModule, "deploy.test.ts": userTest("upgrade-deploy.ts") });
      await expectProjectTestsPass(project, env);
      const oldCopies = storeCopies(project);
      expect(oldCopies).toHaveLength(1);

      await project.installPulumiJod(tarballs.provider);
      // As on a fresh clone after the upgrade: the store folder 0.1.0 ran from is gone, so
      // state that pointed into it (what Pulumi's docs warn of under pnpm) would break here.
      await project.reinstallFromScratch();
      expect(project.installedVersion()).not.toBe("0.1.0");
      expect(storeCopies(project)).toHaveLength(1);
      expect(storeCopies(project)).not.toContain(oldCopies[0]);
      project.setTests({ ...stackModule, "after-upgrade.test.ts": userTest("upgrade-after.ts") });
      await expectProjectTestsPass(project, env);
      expect(emulator.deployments()).toHaveLength(1);
    });
  });
});
