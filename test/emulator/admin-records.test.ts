import { callAdmin } from "../helpers/emulator-deploy-client";
import { useEmulator } from "../helpers/emulator-test-fixture";

// Callbacks wait, so deployments stay unchanged between two admin reads.
const ctx = useEmulator({ callbackDelayMs: 10_000 });

test("GET /__admin/requests lists every deploy request with its fields and status", async () => {
  await ctx.deploy();
  await ctx.deploy({ location: "xyz" });

  const reply = await callAdmin(ctx.emulator.url, "GET", "/requests");

  expect(reply.json).toEqual([
    {
      id: 1,
      receivedAt: expect.any(String),
      contentType: "application/x-www-form-urlencoded",
      fields: {
        apiKey: "JOD-…2037",
        domain: "meet.example.com",
        recorders: "2",
        duration: "1",
        location: "lon",
        callback_url: ctx.receiver.url,
      },
      status: 200,
      message: "your deployment will join your jitsi soon",
      deploymentId: expect.any(String),
    },
    expect.objectContaining({ id: 2, status: 400, deploymentId: null }),
  ]);
});

test("GET /__admin/deployments and /__admin/deployments/:id show deployments", async () => {
  const deployed = await ctx.deploy();
  const id = String(deployed.json?.deployment_id);

  const all = await callAdmin(ctx.emulator.url, "GET", "/deployments");
  const one = await callAdmin(ctx.emulator.url, "GET", `/deployments/${id}`);

  expect(all.json).toEqual([one.json]);
  expect(one.json).toMatchObject({ deploymentId: id, location: "lon", recorderCount: 2 });
});

test("an unknown deployment id or admin path answers 404", async () => {
  const deployment = await callAdmin(ctx.emulator.url, "GET", "/deployments/nope");
  const path = await callAdmin(ctx.emulator.url, "GET", "/nothing-here");

  expect(deployment.status).toBe(404);
  expect(deployment.json).toEqual({ error: "no deployment nope" });
  expect(path.status).toBe(404);
});
