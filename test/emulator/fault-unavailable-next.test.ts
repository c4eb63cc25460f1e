import { useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test("unavailableNext: the next N requests answer 503, then service resumes", async () => {
  ctx.emulator.setFaults({ unavailableNext: 2 });

  const statuses: number[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const reply = await ctx.deploy();
    statuses.push(reply.status);
    if (reply.status === 503) expect(reply.json?.it).toBe("failed");
  }

  expect(statuses).toEqual([503, 503, 200]);
  expect(ctx.emulator.deployments()).toHaveLength(1);
  expect(ctx.emulator.faults().unavailableNext).toBe(0);
});
