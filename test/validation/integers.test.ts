import {
  LIMITS,
  validateDuration,
  validateRecorders,
  validateTimeoutSeconds,
} from "../../provider/src/validation";

/** Values no integer field accepts, and how the reason names them. */
const WRONG_TYPES: Array<[unknown, string]> = [
  ["2", "a string"],
  ["1", "a string"],
  ["", "an empty string"],
  [null, "null"],
  [undefined, "nothing (undefined)"],
  [[2], "an array"],
  [{ value: 2 }, "an object"],
  [true, "a boolean"],
  [2n, "a bigint"],
];

const WRONG_NUMBERS: Array<[number, string]> = [
  [NaN, "NaN"],
  [Infinity, "Infinity"],
  [-Infinity, "-Infinity"],
  [2.5, "2.5"],
  [1.5, "1.5"],
  [-1, "-1"],
  [0, "0"],
  [1e9, "1000000000"],
  [Number.MAX_SAFE_INTEGER + 2, String(Number.MAX_SAFE_INTEGER + 2)],
];

describe.each([
  {
    name: "validateRecorders",
    validate: validateRecorders,
    limits: LIMITS.recorders,
    allowed: "an integer from 1 to 10000",
  },
  {
    name: "validateDuration",
    validate: validateDuration,
    limits: LIMITS.durationHours,
    allowed: "an integer number of hours from 1 to 8760 (a year)",
  },
  {
    name: "validateTimeoutSeconds",
    validate: validateTimeoutSeconds,
    limits: LIMITS.timeoutSeconds,
    allowed: "an integer number of seconds from 1 to 86400 (24 hours)",
  },
])("$name", ({ validate, limits, allowed }) => {
  it.each([limits.min, limits.min + 1, Math.floor((limits.min + limits.max) / 2), limits.max])(
    "accepts %p",
    (value) => {
      expect(validate(value)).toBeUndefined();
    },
  );

  it.each([limits.min - 1, limits.max + 1])("rejects %p, just out of range", (value) => {
    expect(validate(value)).toBe(`must be ${allowed}, got ${value}`);
  });

  it.each(WRONG_NUMBERS)("rejects the number %p", (value, described) => {
    expect(validate(value)).toBe(`must be ${allowed}, got ${described}`);
  });

  it.each(WRONG_TYPES)("rejects %p, naming the expected type", (value, described) => {
    expect(validate(value)).toBe(`must be a number: ${allowed}, got ${described}`);
  });
});
