import { CallbackRegistry } from "../../../provider/src/callbacks/callback-registry";
import { failureCallback, successCallback } from "../../helpers/unit-callback-bodies";

describe("CallbackRegistry.deliver with a token it does not know", () => {
  it("answers unknown-token", () => {
    const registry = new CallbackRegistry();
    registry.register();
    expect(registry.deliver("not-a-token", successCallback("dep-1"))).toBe("unknown-token");
  });

  it("answers unknown-token for a disposed token, even with a valid body", () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    pending.dispose();
    expect(registry.size).toBe(0);
    expect(registry.deliver(pending.token, successCallback("dep-1"))).toBe("unknown-token");
  });
});

describe("CallbackRegistry expectDeployment() without an id (JOD's answer was lost)", () => {
  it("accepts a callback for any deployment", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    pending.expectDeployment();
    expect(registry.deliver(pending.token, successCallback("whatever-jod-says"))).toBe("accepted");
    await expect(pending.wait(1_000)).resolves.toMatchObject({
      deploymentId: "whatever-jod-says",
    });
  });

  it("settles with a callback that was buffered before", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    expect(registry.deliver(pending.token, successCallback("dep-early"))).toBe("buffered");
    pending.expectDeployment();
    await expect(pending.wait(1_000)).resolves.toMatchObject({ deploymentId: "dep-early" });
  });
});

describe("CallbackRegistry with a callback for another deployment", () => {
  it("refuses it without settling, then accepts the right one", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    pending.expectDeployment("dep-1");
    const outcome = pending.wait(1_000);
    expect(registry.deliver(pending.token, successCallback("dep-2"))).toBe("wrong-deployment");
    expect(registry.deliver(pending.token, successCallback("dep-1"))).toBe("accepted");
    await expect(outcome).resolves.toMatchObject({ kind: "success", deploymentId: "dep-1" });
  });

  it("leaves the wait running out when only wrong callbacks come", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    pending.expectDeployment("dep-1");
    expect(registry.deliver(pending.token, successCallback(1))).toBe("wrong-deployment");
    await expect(pending.wait(20)).rejects.toMatchObject({ name: "CallbackWaitTimeout" });
  });
});

describe("CallbackRegistry after a deployment settled", () => {
  it("answers duplicate and keeps the first outcome", async () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    pending.expectDeployment("dep-1");
    expect(registry.deliver(pending.token, successCallback("dep-1"))).toBe("accepted");
    expect(registry.deliver(pending.token, successCallback("dep-1"))).toBe("duplicate");
    expect(registry.deliver(pending.token, failureCallback())).toBe("duplicate");
    expect(registry.deliver(pending.token, "not even an object")).toBe("duplicate");
    await expect(pending.wait(1_000)).resolves.toMatchObject({ kind: "success" });
  });
});

describe("CallbackRegistry with a body that is not a JOD callback", () => {
  it.each([
    ["before the deployment id is known", false],
    ["after the deployment id is known", true],
  ])("answers invalid-body %s and keeps waiting", async (_name, expectFirst) => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    if (expectFirst) pending.expectDeployment("dep-1");
    expect(registry.deliver(pending.token, { it: "worked" })).toBe("invalid-body");
    expect(registry.deliver(pending.token, successCallback("dep-1", ["0.0.0.0/0"]))).toBe(
      "invalid-body",
    );
    if (!expectFirst) pending.expectDeployment("dep-1");
    expect(registry.deliver(pending.token, successCallback("dep-1"))).toBe("accepted");
    await expect(pending.wait(1_000)).resolves.toMatchObject({ deploymentId: "dep-1" });
  });
});

describe("PendingCallback.dispose", () => {
  it("forgets only its own token", () => {
    const registry = new CallbackRegistry();
    const first = registry.register();
    const second = registry.register();
    first.dispose();
    expect(registry.size).toBe(1);
    expect(registry.deliver(first.token, successCallback("dep-1"))).toBe("unknown-token");
    expect(registry.deliver(second.token, successCallback("dep-2"))).toBe("buffered");
  });

  it("can be called twice", () => {
    const registry = new CallbackRegistry();
    const pending = registry.register();
    pending.dispose();
    pending.dispose();
    expect(registry.size).toBe(0);
  });
});
