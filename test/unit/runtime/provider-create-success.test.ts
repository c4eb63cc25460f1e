import { failureCallback, successCallback } from "../../helpers/unit-callback-bodies";
import {
  accepted,
  createUnitProvider,
  deploymentInputs,
  UNIT_API_KEY,
  UNIT_ENDPOINT,
} from "../../helpers/unit-provider-harness";
import { connectionErrorCode } from "../../helpers/unit-http";

const CALLBACK_URL = /^http:\/\/127\.0\.0\.1:\d+\/jod\/callback\/[0-9a-f]{64}$/;

describe("provider create when JOD accepts and calls back", () => {
  it("posts to the client with the inputs, the API key and a callback URL of its listener", async () => {
    const unit = createUnitProvider({
      script: async ({ callBackLater }) => {
        callBackLater(successCallback("dep-1"));
        return accepted("dep-1");
      },
    });
    await unit.provider.create(deploymentInputs({ timeoutSeconds: 5 }));
    expect(unit.requests).toEqual([
      {
        apiKey: UNIT_API_KEY,
        domain: "meet.example.com",
        recorders: 2,
        duration: 3,
        location: "lon",
        callbackUrl: expect.stringMatching(CALLBACK_URL),
      },
    ]);
    expect(unit.clientOptions).toEqual([
      expect.objectContaining({ endpoint: UNIT_ENDPOINT, timeoutMs: 5_000 }),
    ]);
    expect(await unit.callbackStatuses()).toEqual([200]);
  });

  it("returns the deployment id and the recorders JOD reported", async () => {
    const unit = createUnitProvider({
      script: async ({ callBackLater }) => {
        callBackLater(successCallback("dep-1", ["203.0.113.10", "198.51.100.20"], "all good"));
        return accepted("dep-1", { balance: 7.5 });
      },
    });
    const inputs = deploymentInputs({ timeoutSeconds: 5 });
    await expect(unit.provider.create(inputs)).resolves.toEqual({
      id: "dep-1",
      outs: {
        ...inputs,
        deploymentId: "dep-1",
        status: "ready",
        deployedRecorders: [
          { id: "rec-1", ip: "203.0.113.10" },
          { id: "rec-2", ip: "198.51.100.20" },
        ],
        recorderIps: ["203.0.113.10", "198.51.100.20"],
        balance: 7.5,
        deployedAt: "2030-01-01T00:00:00.000Z",
        expiresAt: "2030-01-01T03:00:00.000Z",
        message: "all good",
      },
    });
  });

  it("leaves balance out when JOD sent none, and keeps JOD's answer message if the callback has none", async () => {
    const unit = createUnitProvider({
      script: async ({ callBackLater }) => {
        callBackLater(successCallback("dep-1", ["203.0.113.10"], ""));
        return accepted("dep-1", {});
      },
    });
    const { outs } = await unit.provider.create(deploymentInputs({ timeoutSeconds: 5 }));
    expect(outs).not.toHaveProperty("balance");
    expect(outs.message).toBe("your deployment will join your jitsi soon");
  });

  it("takes a callback that arrives before JOD's answer", async () => {
    const unit = createUnitProvider({
      script: async ({ callBackNow }) => {
        await callBackNow(successCallback("dep-early"));
        return accepted("dep-early");
      },
    });
    const { id } = await unit.provider.create(deploymentInputs({ timeoutSeconds: 5 }));
    expect(id).toBe("dep-early");
    expect(await unit.callbackStatuses()).toEqual([202]);
  });

  it("logs progress without the API key", async () => {
    const unit = createUnitProvider({
      script: async ({ callBackLater }) => {
        callBackLater(successCallback("dep-1", ["203.0.113.10"]));
        return accepted("dep-1", { balance: 7.5 });
      },
    });
    await unit.provider.create(deploymentInputs({ timeoutSeconds: 5 }));
    expect(unit.logs).toEqual(
      expect.arrayContaining([
        "jod: deploying 2 recorder(s) in lon for meet.example.com, 3 h",
        expect.stringMatching(
          /^jod: JOD accepted deployment dep-1 \(balance now 7\.5\); waiting up to \d+ s for its callback$/,
        ),
        "jod: deployment dep-1 ready: 1 recorder(s) at 203.0.113.10, until 2030-01-01T03:00:00.000Z",
      ]),
    );
    expect(unit.logs.join("\n")).not.toContain(UNIT_API_KEY);
  });

  it("stops its callback listener when the create is done", async () => {
    const unit = createUnitProvider({
      script: async ({ callBackLater }) => {
        callBackLater(successCallback("dep-1"));
        return accepted("dep-1");
      },
    });
    await unit.provider.create(deploymentInputs({ timeoutSeconds: 5 }));
    expect(await connectionErrorCode(unit.requests[0].callbackUrl)).toBe("ECONNREFUSED");
  });

  it("serves concurrent creates from one listener, each getting its own callback", async () => {
    let next = 0;
    const unit = createUnitProvider({
      script: async ({ callBackLater }) => {
        next += 1;
        const id = `dep-${next}`;
        // Each deployment is also sent the other's callback: the token keeps them apart.
        callBackLater(next === 1 ? failureCallback() : successCallback(id));
        return accepted(id);
      },
    });
    const results = await Promise.allSettled([
      unit.provider.create(deploymentInputs({ timeoutSeconds: 5 })),
      unit.provider.create(deploymentInputs({ timeoutSeconds: 5, location: "blr" })),
    ]);
    expect(results[0]).toMatchObject({ status: "rejected", reason: { code: "DEPLOYMENT_FAILED" } });
    expect(results[1]).toMatchObject({ status: "fulfilled", value: { id: "dep-2" } });
    const ports = unit.requests.map((request) => new URL(request.callbackUrl).port);
    expect(ports[0]).toBe(ports[1]);
  });
});
