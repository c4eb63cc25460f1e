import { stringify } from "node:querystring";
import { postDeployRecorder } from "../helpers/emulator-deploy-client";
import { useEmulator } from "../helpers/emulator-test-fixture";

// The keys and domains of JOD's two documented examples.
const CURL_KEY = "JOD-7c2dedb0-787c-4233-a67e-eb9167b62037";
const AXIOS_KEY = "JOD-3c4708cf-dc4c-4166-9cc3-ba483f6b7f6b";

const ctx = useEmulator({
  accounts: [
    { apiKey: CURL_KEY, balance: 10, domains: ["yourjitsidomain.com"] },
    { apiKey: AXIOS_KEY, balance: 10, domains: ["meet.lindeas.com"] },
  ],
});

test("the documented curl request (form fields in its order) deploys", async () => {
  // curl --data-urlencode 'apiKey=…' --data-urlencode 'domain=…' … as in the doc.
  const body = new URLSearchParams();
  body.append("apiKey", CURL_KEY);
  body.append("domain", "yourjitsidomain.com");
  body.append("recorders", "2");
  body.append("duration", "1");
  body.append("location", "lon");
  body.append("callback_url", ctx.receiver.url);

  const reply = await postDeployRecorder(ctx.emulator.url, body);

  expect(reply.status).toBe(200);
  expect(reply.contentType).toMatch(/^application\/json/);
  expect(reply.json).toEqual({
    it: "worked",
    message: "your deployment will join your jitsi soon",
    balance: 9.8,
    deployment_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
  });
});

test("the documented axios request (qs.stringify of all-string values) deploys", async () => {
  const requestBody = {
    apiKey: AXIOS_KEY,
    domain: "meet.lindeas.com",
    recorders: "28",
    duration: "3",
    location: "blr",
    callback_url: ctx.receiver.url,
  };

  const reply = await postDeployRecorder(ctx.emulator.url, stringify(requestBody));

  expect(reply.status).toBe(200);
  expect(reply.json?.it).toBe("worked");
  expect(reply.json?.balance).toBeCloseTo(10 - 28 * 3 * 0.1, 6);
  const [deployment] = ctx.emulator.deployments();
  expect(deployment).toMatchObject({
    deploymentId: reply.json?.deployment_id,
    domain: "meet.lindeas.com",
    recorderCount: 28,
    duration: 3,
    location: "blr",
  });
});
