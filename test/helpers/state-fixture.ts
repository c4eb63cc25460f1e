import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Deployment } from "@pulumi/pulumi/automation";
import * as jod from "pulumi-jod";
import { TEST_DOMAIN } from "./jod-test-setup";
import { PulumiTestStack } from "./pulumi-test-stack";

/**
 * The environment variable that pins the provider's clock (`JOD_NOW` in 0.1.0). The fixture's
 * deployments expire 720 h after they were made, so every test on it pins the clock: if the
 * variable is renamed, this line is the only one to change.
 */
export const CLOCK_OVERRIDE_ENV = "PULUMI_JOD_TEST_CLOCK";

/** A time after the fixture was made and long before any of its deployments expire. */
export const FIXTURE_NOW = "2026-12-02T00:00:00Z";

/** The state written by release 0.1.0; see its README.md. */
export const STATE_0_1_0_DIR = path.resolve(__dirname, "../fixtures/state-0.1.0");

/** The passphrase that encrypts the fixture's secrets (the e2e harness's at 0.1.0). */
export const FIXTURE_PASSPHRASE = "e2e-test-passphrase";

/** The project and stack the fixture's URNs name. */
export const FIXTURE_PROJECT = "jod-e2e";

/** One RecorderDeployment of the fixture: what the program declares and what 0.1.0 recorded. */
export interface FixtureDeployment {
  name: string;
  args: jod.RecorderDeploymentArgs;
  /** The resource id in state: the emulator's deployment id, except for `unconfirmed`. */
  id: string;
  status: "ready" | "awaiting-callback" | "unconfirmed";
}

const LONGEST = { domain: TEST_DOMAIN, recorders: 1, duration: 720 } as const;

/** The three deployments, in the order they were created. */
export const FIXTURE_DEPLOYMENTS: readonly FixtureDeployment[] = [
  {
    name: "ready",
    args: { ...LONGEST, location: "ams" },
    id: "d5d711b9-c6e6-4bf2-92cd-ed249dce6851",
    status: "ready",
  },
  {
    name: "awaiting-callback",
    args: { ...LONGEST, location: "lon", timeoutSeconds: 2 },
    id: "37f7f89e-2594-4c1b-aaad-beaaeeb386fb",
    status: "awaiting-callback",
  },
  {
    name: "unconfirmed",
    args: { ...LONGEST, location: "fra", timeoutSeconds: 2 },
    id: "unconfirmed-1796128536387",
    status: "unconfirmed",
  },
];

/** The program that made the fixture: the named deployments (all three by default). */
export function fixtureProgram(names: readonly string[] = FIXTURE_DEPLOYMENTS.map((d) => d.name)) {
  return async () => {
    for (const { name, args } of FIXTURE_DEPLOYMENTS) {
      if (names.includes(name)) new jod.RecorderDeployment(name, { ...args });
    }
  };
}

/** The fixture's state as `pulumi stack export` printed it (secrets encrypted). */
export function readFixtureState(): Deployment {
  return JSON.parse(readFileSync(path.join(STATE_0_1_0_DIR, "state.json"), "utf8")) as Deployment;
}

/**
 * A new stack on a fresh file backend holding the fixture's state, with the fixture's stack
 * config (encrypted `jod:apiKey`), `jod:endpoint` pointed at `endpoint` and the clock pinned to
 * {@link FIXTURE_NOW}.
 */
export async function importStateFixture(endpoint: string): Promise<PulumiTestStack> {
  // Inside the repo, so that the provider process resolves `pulumi-jod`.
  const workDir = path.resolve(
    __dirname,
    "../../.cache/e2e",
    `state-0.1.0-${Date.now()}-${randomBytes(4).toString("hex")}`,
  );
  mkdirSync(workDir, { recursive: true });
  // Copied before `stack init`, which then keeps its encryption salt and encrypted key.
  copyFileSync(
    path.join(STATE_0_1_0_DIR, "Pulumi.test.yaml"),
    path.join(workDir, "Pulumi.test.yaml"),
  );
  const stack = await PulumiTestStack.create({
    program: fixtureProgram(),
    projectName: FIXTURE_PROJECT,
    workDir,
    env: { PULUMI_CONFIG_PASSPHRASE: FIXTURE_PASSPHRASE, [CLOCK_OVERRIDE_ENV]: FIXTURE_NOW },
  });
  await stack.stack.setConfig("jod:endpoint", { value: endpoint });
  await stack.stack.importStack(readFixtureState());
  return stack;
}
