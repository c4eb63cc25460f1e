import { expectRefused, useEmulator } from "../helpers/emulator-test-fixture";

const ctx = useEmulator();

test.each([
  ["recorders", "0", "invalid recorders: must be a positive integer"],
  ["recorders", "2.5", "invalid recorders: must be a positive integer"],
  ["recorders", "-1", "invalid recorders: must be a positive integer"],
  ["duration", "0", "invalid duration: must be a positive integer number of hours"],
  ["duration", "three", "invalid duration: must be a positive integer number of hours"],
  ["location", "paris", "invalid location: must be one of nyc, lon, ams, fra, tor, sgp, blr, sfo"],
  ["location", "LON", "invalid location: must be one of nyc, lon, ams, fra, tor, sgp, blr, sfo"],
  ["callback_url", "not a url", "invalid callback_url: must be an absolute http or https URL"],
  [
    "callback_url",
    "ftp://127.0.0.1/cb",
    "invalid callback_url: must be an absolute http or https URL",
  ],
])("%s=%j answers 400: %s", async (field, value, message) => {
  const reply = await ctx.deploy({ [field]: value });

  expectRefused(ctx.emulator, reply, 400, message);
});
