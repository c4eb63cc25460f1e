import {
  abortableSleep,
  backoffDelayMs,
  createJodClient,
} from "../../provider/src/client/jod-client";
import { validRequest, WORKED } from "../helpers/scripted-client-fixtures";
import { fakeFetch } from "../helpers/scripted-fake-fetch";

describe("backoffDelayMs (exponential, full jitter)", () => {
  const options = { baseMs: 100, maxMs: 1_000 };

  it.each([
    [1, 1, 100],
    [2, 1, 200],
    [3, 1, 400],
    [4, 1, 800],
    [5, 1, 1_000],
    [10, 1, 1_000],
    [3, 0.5, 200],
    [3, 0, 0],
  ])("retry %i with random %p waits %i ms", (retry, random, expected) => {
    expect(backoffDelayMs(retry, { ...options, random: () => random })).toBe(expected);
  });

  it("stays below the cap with a random number just under 1", () => {
    expect(backoffDelayMs(2, { ...options, random: () => 0.9999 })).toBe(199);
  });
});

describe("the client's waits between retries", () => {
  it("grow exponentially and go through the injected sleep and random", async () => {
    const { fetch } = fakeFetch([{ status: 503, body: { it: "failed" } }]);
    const sleeps: number[] = [];
    const client = createJodClient({
      fetch,
      retries: 4,
      backoff: {
        baseMs: 10,
        maxMs: 50,
        random: () => 0.5,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      },
    });
    await expect(client.deployRecorders(validRequest())).rejects.toThrow("HTTP 503");
    expect(sleeps).toEqual([5, 10, 20, 25]);
  });

  it("are really waited for by the default sleep", async () => {
    const { fetch } = fakeFetch([
      { status: 503, body: { it: "failed" } },
      { status: 200, body: WORKED },
    ]);
    const client = createJodClient({ fetch, backoff: { baseMs: 80, random: () => 1 } });
    const started = Date.now();
    await client.deployRecorders(validRequest());
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });
});

describe("abortableSleep", () => {
  it("rejects as soon as its signal aborts", async () => {
    const started = Date.now();
    await expect(abortableSleep(60_000, AbortSignal.timeout(20))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
