import type { CallbackLease } from "../../../provider/src/callbacks/callback-channel";
import { CALLBACK_BODY_LIMIT_BYTES } from "../../../provider/src/callbacks/callback-app";
import { CallbackListener } from "../../../provider/src/callbacks/callback-listener";
import { newCallbackNonce } from "../../../provider/src/callbacks/callback-registry";
import { LIMITS } from "../../../provider/src/validation";
import { request } from "../../helpers/unit-http";
import { releaseAll } from "../../helpers/unit-listener";

// The longest IPv6 text, 45 characters, of a unicast address (ff00::/8 would be multicast).
const LONGEST_IP = "2001:0db8:ffff:ffff:ffff:ffff:255.255.255.255";

/** A valid id of 128 characters, all but its number `"`, which JSON doubles to `\"`. */
const longestId = (index: number) => String(index).padStart(6, "0") + '"'.repeat(122);

/**
 * The largest callback a valid deployment can bring: the most recorders allowed, the longest
 * ids (each character escaped in JSON) and IPs, indented by 4 spaces.
 */
function largestCallbackBody(): string {
  const recorders = Array.from({ length: LIMITS.recorders.max }, (_, index) => ({
    recorder_id: longestId(index),
    recorder_ip: LONGEST_IP,
  }));
  const deployment_info = { deployment_id: longestId(0), recorders };
  return JSON.stringify(
    { it: "worked", message: "deployment successful", deployment_info },
    null,
    4,
  );
}

/** The same JSON padded with trailing spaces (still JSON) to exactly `bytes`. */
function paddedTo(body: string, bytes: number): string {
  return body + " ".repeat(bytes - Buffer.byteLength(body));
}

describe("the callback listener's body limit fits the largest deployment", () => {
  const listener = new CallbackListener({
    tokenKey: () => "test-token-key",
    listen: { host: "127.0.0.1", port: 0 },
  });
  const leases: CallbackLease[] = [];
  afterEach(() => releaseAll(leases));
  const body = largestCallbackBody();
  const post = (lease: CallbackLease, text: string) =>
    request(lease.callbackUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: text,
    });

  it("holds the largest callback (3.93 MB) with room to spare", () => {
    expect(Buffer.byteLength(body)).toBeGreaterThan(3_900_000);
    expect(Buffer.byteLength(body)).toBeLessThan(CALLBACK_BODY_LIMIT_BYTES);
  });

  it(`takes the callback of ${LIMITS.recorders.max} recorders with the longest ids and IPs, over real HTTP`, async () => {
    const lease = await listener.open(newCallbackNonce());
    leases.push(lease);
    lease.pending.expectDeployment(longestId(0));

    const answer = await post(lease, body);

    expect(answer).toMatchObject({ status: 200, body: { result: "accepted" } });
    const outcome = await lease.pending.wait(1_000);
    const recorders = outcome.kind === "success" ? outcome.recorders : [];
    expect(recorders).toHaveLength(LIMITS.recorders.max);
    expect(recorders.at(-1)).toEqual({ id: longestId(9_999), ip: LONGEST_IP });
  });

  it("takes a body of exactly the limit", async () => {
    const lease = await listener.open(newCallbackNonce());
    leases.push(lease);
    lease.pending.expectDeployment(longestId(0));

    const answer = await post(lease, paddedTo(body, CALLBACK_BODY_LIMIT_BYTES));

    expect(answer).toMatchObject({ status: 200, body: { result: "accepted" } });
  });

  it("answers 413 to a body one byte over the limit, and the deployment still waits", async () => {
    const lease = await listener.open(newCallbackNonce());
    leases.push(lease);
    lease.pending.expectDeployment(longestId(0));

    const answer = await post(lease, paddedTo(body, CALLBACK_BODY_LIMIT_BYTES + 1));

    expect(answer).toMatchObject({ status: 413, body: { result: "too-large" } });
    await expect(lease.pending.wait(50)).rejects.toThrow("no callback within 50 ms");
  });
});
