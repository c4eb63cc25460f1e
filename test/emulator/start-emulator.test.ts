import { InvalidInputError, startEmulator, type EmulatorOptions } from "../../emulator/src";

test("it listens on 127.0.0.1 and an ephemeral port by default", async () => {
  const emulator = await startEmulator();
  try {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${emulator.url}/__admin/accounts`);
    expect(await response.json()).toEqual([]);
  } finally {
    await emulator.close();
  }
});

test("a port already in use makes start reject", async () => {
  const first = await startEmulator();
  try {
    const port = Number(new URL(first.url).port);
    await expect(startEmulator({ port })).rejects.toThrow(/EADDRINUSE/);
  } finally {
    await first.close();
  }
});

test.each<[string, unknown, RegExp]>([
  ["a negative price", { pricePerRecorderHour: -1 }, /pricePerRecorderHour must be a non-negative/],
  ["an unknown location", { capacity: { paris: 3 } }, /capacity has unknown field\(s\) paris/],
  ["a misspelt option", { callbackDelay: 5 }, /unknown field\(s\) callbackDelay/],
  ["an invalid port", { port: 70000 }, /port must be an integer from 0 to 65535/],
  ["an invalid account", { accounts: [{ apiKey: "k", balance: 1 }] }, /account domains/],
])("%s is refused with InvalidInputError", async (_name, options, message) => {
  const attempt = startEmulator(options as EmulatorOptions);

  await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
  await expect(attempt).rejects.toThrow(message);
});
