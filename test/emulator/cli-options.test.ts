import { CliUsageError, parseCliArgs } from "../../emulator/src/cli-options";

const noConfigFile = (path: string): string => {
  throw new Error(`unexpected read of ${path}`);
};

test("flags become emulator options", () => {
  const command = parseCliArgs(
    [
      "--host",
      "0.0.0.0",
      "--port",
      "8080",
      "--account",
      "JOD-a:12.5:meet.example.com,call.example.org",
      "--account",
      "JOD-b:0",
      "--price",
      "0.2",
      "--capacity",
      "lon=3",
      "--capacity",
      "sgp=0",
      "--callback-delay-ms",
      "15",
      "--allow-remote-callbacks",
      "--quiet",
    ],
    noConfigFile,
  );

  expect(command).toEqual({
    kind: "start",
    quiet: true,
    options: {
      host: "0.0.0.0",
      port: 8080,
      accounts: [
        { apiKey: "JOD-a", balance: 12.5, domains: ["meet.example.com", "call.example.org"] },
        { apiKey: "JOD-b", balance: 0, domains: [] },
      ],
      pricePerRecorderHour: 0.2,
      capacity: { lon: 3, sgp: 0 },
      callbackDelayMs: 15,
      allowRemoteCallbacks: true,
    },
  });
});

test("no flags mean no options: the defaults apply", () => {
  expect(parseCliArgs([], noConfigFile)).toEqual({ kind: "start", options: {}, quiet: false });
});

test("--help wins over everything else", () => {
  expect(parseCliArgs(["--port", "1", "--help"], noConfigFile)).toEqual({ kind: "help" });
});

test("flags override the --config file, and accounts and capacity are merged", () => {
  const fileOptions = {
    port: 9000,
    pricePerRecorderHour: 1,
    accounts: [
      { apiKey: "JOD-a", balance: 1, domains: ["a.example"] },
      { apiKey: "JOD-c", balance: 3, domains: [] },
    ],
    capacity: { lon: 1, ams: 2 },
  };
  const config = JSON.stringify(fileOptions);

  const command = parseCliArgs(
    [
      "--config",
      "emulator.json",
      "--port",
      "9100",
      "--account",
      "JOD-a:5:b.example",
      "--capacity",
      "ams=7",
    ],
    (path) => (path === "emulator.json" ? config : noConfigFile(path)),
  );

  expect(command).toEqual({
    kind: "start",
    quiet: false,
    options: {
      pricePerRecorderHour: fileOptions.pricePerRecorderHour,
      port: 9100,
      // The flag's JOD-a replaces the file's; the file's JOD-c stays as it was.
      accounts: [{ apiKey: "JOD-a", balance: 5, domains: ["b.example"] }, fileOptions.accounts[1]],
      capacity: { lon: 1, ams: 7 },
    },
  });
});

test.each([
  [["--bogus"], /Unknown option '--bogus'/],
  [["extra"], /Unexpected argument 'extra'/],
  [["--port"], /--port/],
  [["--port", "80a"], /--port must be a non-negative integer, got "80a"/],
  [["--price=-1"], /--price must be a non-negative number, got "-1"/],
  [["--account", "JOD-only"], /--account must be KEY:BALANCE/],
  [["--account", "JOD-a:ten:x.org"], /--account balance must be a non-negative number/],
  [["--capacity", "paris=3"], /--capacity must be LOCATION=N with LOCATION one of nyc/],
  [["--capacity", "lon=-3"], /--capacity must be a non-negative integer/],
  [["--callback-delay-ms", "1.5"], /--callback-delay-ms must be a non-negative integer/],
])("%j is a usage error", (argv, message) => {
  const parse = () => parseCliArgs(argv, noConfigFile);

  expect(parse).toThrow(CliUsageError);
  expect(parse).toThrow(message);
});

test("an unreadable or malformed --config file is a usage error", () => {
  expect(() => parseCliArgs(["--config", "missing.json"], noConfigFile)).toThrow(
    /cannot read --config missing\.json: unexpected read of missing\.json/,
  );
  expect(() => parseCliArgs(["--config", "bad.json"], () => "{port:")).toThrow(
    /cannot read --config bad\.json/,
  );
  expect(() => parseCliArgs(["--config", "list.json"], () => "[]")).toThrow(
    "--config list.json must contain a JSON object of emulator options",
  );
});
