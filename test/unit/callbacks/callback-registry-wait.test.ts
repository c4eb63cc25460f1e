import {
  CallbackRegistry,
  CallbackWaitTimeout,
} from "../../../provider/src/callbacks/callback-registry";
import { successCallback } from "../../helpers/unit-callback-bodies";

describe("PendingCallback.wait", () => {
  it("rejects with CallbackWaitTimeout naming the time waited", async () => {
    const pending = new CallbackRegistry().register();
    pending.expectDeployment("dep-1");
    const error = await pending.wait(15).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CallbackWaitTimeout);
    expect(error).toMatchObject({ waitedMs: 15, message: "no callback within 15 ms" });
  });

  it("resolves with a callback that arrives while waiting", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    pending.expectDeployment("dep-1");
    const outcome = pending.wait(1_000);
    registry.deliver(pending.token, successCallback("dep-1"));
    await expect(outcome).resolves.toMatchObject({ deploymentId: "dep-1" });
  });

  it("resolves at once when the outcome is already there, even with no time left", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    pending.expectDeployment("dep-1");
    registry.deliver(pending.token, successCallback("dep-1"));
    await expect(pending.wait(0)).resolves.toMatchObject({ deploymentId: "dep-1" });
  });

  it("can wait again after a timeout and get a later callback", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    pending.expectDeployment("dep-1");
    await expect(pending.wait(10)).rejects.toBeInstanceOf(CallbackWaitTimeout);
    expect(registry.deliver(pending.token, successCallback("dep-1"))).toBe("accepted");
    await expect(pending.wait(1_000)).resolves.toMatchObject({ deploymentId: "dep-1" });
  });
});

describe("PendingCallback.wait with an abort signal", () => {
  it("rejects with the signal's reason when it aborts while waiting", async () => {
    const pending = new CallbackRegistry().register();
    pending.expectDeployment("dep-1");
    const controller = new AbortController();
    const reason = new Error("interrupted");
    const outcome = pending.wait(5_000, controller.signal);
    controller.abort(reason);
    await expect(outcome).rejects.toBe(reason);
  });

  it("rejects at once when the signal has already aborted", async () => {
    const pending = new CallbackRegistry().register();
    const reason = new Error("interrupted before");
    await expect(pending.wait(5_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it("still resolves with an outcome that is already there", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    pending.expectDeployment("dep-1");
    registry.deliver(pending.token, successCallback("dep-1"));
    await expect(pending.wait(5_000, AbortSignal.abort())).resolves.toMatchObject({
      deploymentId: "dep-1",
    });
  });
});
