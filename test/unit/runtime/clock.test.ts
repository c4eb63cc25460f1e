import { createClock } from "../../../provider/src/runtime/clock";

describe("createClock", () => {
  it("tells the real time without JOD_NOW", () => {
    const now = createClock({});
    const before = Date.now();
    const told = now().getTime();
    const after = Date.now();
    expect(told).toBeGreaterThanOrEqual(before);
    expect(told).toBeLessThanOrEqual(after);
  });

  it("treats an empty JOD_NOW as unset", () => {
    const before = Date.now();
    expect(createClock({ JOD_NOW: "" })().getTime()).toBeGreaterThanOrEqual(before);
  });

  it("pretends the time JOD_NOW says, every time it is asked", () => {
    const now = createClock({ JOD_NOW: "2030-01-01T00:00:00Z" });
    expect(now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
    expect(now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
  });

  it("honours a time zone offset in JOD_NOW", () => {
    expect(createClock({ JOD_NOW: "2030-01-01T02:00:00+02:00" })().toISOString()).toBe(
      "2030-01-01T00:00:00.000Z",
    );
  });

  it("hands out copies, so a caller cannot move the clock", () => {
    const now = createClock({ JOD_NOW: "2030-01-01T00:00:00Z" });
    now().setFullYear(1999);
    expect(now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
  });

  it("refuses a JOD_NOW that is not a time, quoting it", () => {
    expect(() => createClock({ JOD_NOW: "tomorrow" })).toThrow(
      'JOD_NOW must be an ISO 8601 time such as 2030-01-01T00:00:00Z, got "tomorrow"',
    );
  });
});

describe("createClock with a JOD_NOW that only Date.parse would take", () => {
  it.each(["1", "2030-01-01", "Jan 1 2030", "2030-01-01 00:00:00"])("refuses %j", (pretend) => {
    expect(() => createClock({ JOD_NOW: pretend })).toThrow(/JOD_NOW must be an ISO 8601 time/);
  });
});
