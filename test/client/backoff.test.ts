import {
  backoffDelayMs,
  CLIENT_DEFAULTS,
  createJodClient,
  REAL_IO,
} from "../../provider/src/client/jod-client";
import { testIo, validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import { fakeFetch } from "../helpers/scripted-fake-fetch";

/** JOD's planned-outage 503 body, the only 503 body that is retried. */
const OUTAGE = { it: "failed", message: "planned maintenance" };

describe("backoffDelayMs (exponential, full jitter, 500 ms doubling up to 10 s)", () => {
  it.each([
    [1, 1, 500],
    [2, 1, 1_000],
    [3, 1, 2_000],
    [4, 1, 4_000],
    [5, 1, 8_000],
    [6, 1, 10_000],
    [10, 1, 10_000],
    [3, 0.5, 1_000],
    [3, 0, 0],
  ])("retry %i with random %p waits %i ms", (retry, random, expected) => {
    expect(backoffDelayMs(retry, () => random)).toBe(expected);
  });

  it("stays below the cap with a random number just under 1", () => {
    expect(backoffDelayMs(2, () => 0.9999)).toBe(999);
  });

  it("starts at 500 ms and is capped at 10 s", () => {
    expect(CLIENT_DEFAULTS).toMatchObject({ backoffBaseMs: 500, backoffMaxMs: 10_000 });
  });
});

describe("the client's waits between retries", () => {
  it("grow exponentially and go through the injected sleep and random", async () => {
    const { fetch } = fakeFetch([{ status: 503, body: OUTAGE }]);
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
    };
    const client = createJodClient({ retries: 6 }, testIo({ fetch, random: () => 0.5, sleep }));
    await expect(client.deployRecorders(validRequest())).rejects.toThrow("HTTP 503");
    expect(sleeps).toEqual([250, 500, 1_000, 2_000, 4_000, 5_000]);
  });

  it("are really waited for by the default sleep", async () => {
    const { fetch } = fakeFetch([
      { status: 503, body: OUTAGE },
      { status: 200, body: WORKED },
    ]);
    // 0.16 of the first 500 ms cap: 80 ms.
    const io = testIo({ fetch, random: () => 0.16, sleep: REAL_IO.sleep });
    const started = Date.now();
    await createJodClient({}, io).deployRecorders(validRequest());
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });
});
