import { createClock } from "../../../provider/src/settings";

describe("createClock", () => {
  it("tells the real time without PULUMI_JOD_TEST_CLOCK", () => {
    const now = createClock({});
    const before = Date.now();
    const told = now().getTime();
    const after = Date.now();
    expect(told).toBeGreaterThanOrEqual(before);
    expect(told).toBeLessThanOrEqual(after);
  });

  it("treats an empty PULUMI_JOD_TEST_CLOCK as unset", () => {
    const before = Date.now();
    expect(createClock({ PULUMI_JOD_TEST_CLOCK: "" })().getTime()).toBeGreaterThanOrEqual(before);
  });

  it("pretends the time PULUMI_JOD_TEST_CLOCK says, every time it is asked", () => {
    const now = createClock({ PULUMI_JOD_TEST_CLOCK: "2030-01-01T00:00:00Z" });
    expect(now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
    expect(now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
  });

  it("honours a time zone offset in PULUMI_JOD_TEST_CLOCK", () => {
    expect(
      createClock({ PULUMI_JOD_TEST_CLOCK: "2030-01-01T02:00:00+02:00" })().toISOString(),
    ).toBe("2030-01-01T00:00:00.000Z");
  });

  it("hands out copies, so a caller cannot move the clock", () => {
    const now = createClock({ PULUMI_JOD_TEST_CLOCK: "2030-01-01T00:00:00Z" });
    now().setFullYear(1999);
    expect(now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
  });

  it("refuses a PULUMI_JOD_TEST_CLOCK that is not a time, quoting it", () => {
    expect(() => createClock({ PULUMI_JOD_TEST_CLOCK: "tomorrow" })).toThrow(
      'PULUMI_JOD_TEST_CLOCK must be an ISO 8601 time such as 2030-01-01T00:00:00Z, got "tomorrow"',
    );
  });
});

describe("createClock with a PULUMI_JOD_TEST_CLOCK that only Date.parse would take", () => {
  it.each(["1", "2030-01-01", "Jan 1 2030", "2030-01-01 00:00:00"])("refuses %j", (pretend) => {
    expect(() => createClock({ PULUMI_JOD_TEST_CLOCK: pretend })).toThrow(
      /PULUMI_JOD_TEST_CLOCK must be an ISO 8601 time/,
    );
  });
});
