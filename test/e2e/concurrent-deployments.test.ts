import * as jod from "pulumi-jod";
import { TEST_DOMAIN, useStackOnEmulator } from "../helpers/jod-test-setup";
import { waitUntil } from "../helpers/reliability-processes";
import { successCallback } from "../helpers/unit-callback-bodies";
import { postJson } from "../helpers/unit-http";

jest.setTimeout(180_000);

const LOCATIONS: jod.Location[] = ["lon", "nyc", "fra", "sgp"];

const program = async () => {
  const deployments = LOCATIONS.map(
    (location) =>
      new jod.RecorderDeployment(location, {
        domain: TEST_DOMAIN,
        recorders: 1,
        duration: 1,
        location,
      }),
  );
  return { ips: deployments.map((deployment) => deployment.recorderIps) };
};

describe("four deployments in one up", () => {
  const fixture = useStackOnEmulator({ program });

  it("wait for their callbacks at the same time, through one listener", async () => {
    const { emulator, stack } = fixture;
    // JOD stays silent; the test calls back only once all four creates have asked JOD, so the
    // up can only finish if the four waited together.
    emulator.setFaults({ callbackMode: "drop" });
    const upDone = stack.up();
    await waitUntil(() => emulator.deployments().length === LOCATIONS.length, "four deployments");
    const deployments = emulator.deployments();
    const ipOf = (location: string) =>
      `203.0.113.${LOCATIONS.indexOf(location as jod.Location) + 1}`;
    const answers = await Promise.all(
      deployments.map((d) =>
        postJson(d.callbackUrl, successCallback(d.deploymentId, [ipOf(d.location)])),
      ),
    );
    // The up ends first, so that a failed check below cannot leave it running.
    const up = await upDone;
    // 200: taken; 202: came before the provider had read JOD's answer, kept and then taken.
    for (const answer of answers) expect([200, 202]).toContain(answer.status);
    expect(up.changeSummary).toEqual({ create: 5 });
    expect(up.outputs.ips).toEqual(LOCATIONS.map((location) => [ipOf(location)]));
    expect(deployments.map((d) => d.location).sort()).toEqual([...LOCATIONS].sort());
    const origins = new Set(deployments.map((d) => new URL(d.callbackUrl).origin));
    expect(origins.size).toBe(1);
  });
});
