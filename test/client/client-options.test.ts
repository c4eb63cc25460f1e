import { createJodClient, type JodClientOptions } from "../../provider/src/client/jod-client";
import { JodValidationError } from "../../provider/src/errors";

describe("createJodClient options", () => {
  it.each<[string, JodClientOptions, string]>([
    ["an endpoint without scheme", { endpoint: "api.jod.sh" }, "endpoint"],
    ["an ftp endpoint", { endpoint: "ftp://api.jod.sh" }, "endpoint"],
    ["an endpoint with a query", { endpoint: "https://api.jod.sh/?x=1" }, "endpoint"],
    ["an endpoint with credentials", { endpoint: "https://u:p@api.jod.sh" }, "endpoint"],
    ["a zero timeout", { timeoutMs: 0 }, "timeoutMs"],
    ["a fractional timeout", { timeoutMs: 1.5 }, "timeoutMs"],
    ["a timeout setTimeout cannot hold", { timeoutMs: 2 ** 31 }, "timeoutMs"],
    ["negative retries", { retries: -1 }, "retries"],
    ["infinite retries", { retries: Infinity }, "retries"],
    ["a NaN backoff base", { backoff: { baseMs: NaN } }, "backoff.baseMs"],
    ["a negative backoff cap", { backoff: { maxMs: -5 } }, "backoff.maxMs"],
  ])("rejects %s", (_name, options, property) => {
    let thrown: unknown;
    try {
      createJodClient(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(JodValidationError);
    expect((thrown as JodValidationError).failures).toEqual([
      { property, reason: expect.stringMatching(/^must be /) },
    ]);
    expect((thrown as Error).message).toMatch(/^Invalid JOD client options: /);
  });

  it.each<[string, JodClientOptions]>([
    ["no options", {}],
    ["zero retries and zero backoff", { retries: 0, backoff: { baseMs: 0, maxMs: 0 } }],
    ["an endpoint with a path and trailing slash", { endpoint: "http://127.0.0.1:8080/jod/" }],
  ])("accepts %s", (_name, options) => {
    expect(() => createJodClient(options)).not.toThrow();
  });
});
