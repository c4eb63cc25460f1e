import {
  CallbackRegistry,
  MAX_EARLY_CALLBACKS,
} from "../../../provider/src/callbacks/callback-registry";
import { failureCallback, successCallback } from "../../helpers/unit-callback-bodies";

describe("CallbackRegistry with a callback that comes before JOD's HTTP answer", () => {
  it("buffers it and settles once the matching deployment id is known", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    expect(registry.deliver(pending.token, successCallback("dep-1"))).toBe("buffered");
    pending.expectDeployment("dep-1");
    await expect(pending.wait(1_000)).resolves.toMatchObject({
      kind: "success",
      deploymentId: "dep-1",
    });
  });

  it("drops a buffered callback for another deployment and waits for the right one", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    expect(registry.deliver(pending.token, successCallback("dep-other"))).toBe("buffered");
    pending.expectDeployment("dep-1");
    await expect(pending.wait(20)).rejects.toMatchObject({ name: "CallbackWaitTimeout" });
    expect(registry.deliver(pending.token, successCallback("dep-1"))).toBe("accepted");
    await expect(pending.wait(1_000)).resolves.toMatchObject({ deploymentId: "dep-1" });
  });

  it("settles a buffered failure whatever the deployment id, since failures carry none", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    expect(registry.deliver(pending.token, failureCallback("no capacity"))).toBe("buffered");
    pending.expectDeployment("dep-1");
    await expect(pending.wait(1_000)).resolves.toEqual({
      kind: "failure",
      message: "no capacity",
    });
  });

  it("keeps the first of two early callbacks and calls the second a duplicate", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    expect(registry.deliver(pending.token, successCallback("dep-1", ["192.0.2.1"]))).toBe(
      "buffered",
    );
    expect(registry.deliver(pending.token, successCallback("dep-1", ["192.0.2.2"]))).toBe(
      "duplicate",
    );
    pending.expectDeployment("dep-1");
    await expect(pending.wait(1_000)).resolves.toMatchObject({
      recorders: [{ id: "rec-1", ip: "192.0.2.1" }],
    });
  });
});

describe("CallbackRegistry with several early callbacks for different deployments", () => {
  it("settles with the one for the expected deployment, whatever came first", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    expect(registry.deliver(pending.token, successCallback("dep-stray"))).toBe("buffered");
    expect(registry.deliver(pending.token, successCallback("dep-1"))).toBe("buffered");
    pending.expectDeployment("dep-1");
    await expect(pending.wait(1_000)).resolves.toMatchObject({ deploymentId: "dep-1" });
  });

  it(`keeps at most ${MAX_EARLY_CALLBACKS} of them`, () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    const results = Array.from({ length: MAX_EARLY_CALLBACKS + 1 }, (_, index) =>
      registry.deliver(pending.token, successCallback(`dep-${index}`)),
    );
    expect(results).toEqual([
      ...Array.from({ length: MAX_EARLY_CALLBACKS }, () => "buffered"),
      "duplicate",
    ]);
  });
});
