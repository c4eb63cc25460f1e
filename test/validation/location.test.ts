import { LOCATION_CODES } from "../../provider/src/locations";
import { validateLocation } from "../../provider/src/validation";

const CHOICES =
  "nyc (New York, United States of America), lon (London, United Kingdom), ams (Amsterdam, " +
  "Netherlands), fra (Frankfurt, Germany), tor (Toronto, Canada), sgp (Singapore, Singapore), " +
  "blr (Bangalore, India), sfo (San Francisco, United States of America)";

describe("validateLocation", () => {
  it("knows the eight documented codes", () => {
    expect(LOCATION_CODES).toHaveLength(8);
  });

  it.each(LOCATION_CODES)("accepts %j", (code) => {
    expect(validateLocation(code)).toBeUndefined();
  });

  it.each([
    "LON",
    "Lon",
    " lon",
    "lon ",
    "london",
    "par",
    "paris",
    "mars",
    "",
    "toString",
    "__proto__",
    "constructor",
  ])("rejects %j, listing every code with its city", (value) => {
    expect(validateLocation(value)).toBe(`must be one of ${CHOICES}`);
  });

  it.each([
    [null, "null"],
    [undefined, "nothing (undefined)"],
    [1, "1"],
    [2, "2"],
    [["lon"], "an array"],
    [{ code: "lon" }, "an object"],
  ])("rejects %p as not a string", (value, described) => {
    expect(validateLocation(value)).toBe(`must be a string: one of ${CHOICES}, got ${described}`);
  });
});
