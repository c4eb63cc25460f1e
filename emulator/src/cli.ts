#!/usr/bin/env node
import { CLI_USAGE, CliUsageError, parseCliArgs, type CliCommand } from "./cli-options";
import { describeError } from "./error-message";
import { InvalidInputError } from "./input-validation";
import { startEmulator } from "./start-emulator";

const USAGE_ERROR_EXIT_CODE = 2;

async function main(argv: string[]): Promise<number | undefined> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    return reportUsageError(error);
  }
  if (command.kind === "help") {
    process.stdout.write(CLI_USAGE);
    return 0;
  }
  const log = command.quiet ? undefined : (line: string) => process.stdout.write(`${line}\n`);
  let emulator;
  try {
    emulator = await startEmulator({ ...command.options, log });
  } catch (error) {
    if (error instanceof InvalidInputError) return reportUsageError(error);
    process.stderr.write(`jod-emulator: cannot start: ${describeError(error)}\n`);
    return 1;
  }
  // Scripts wait for this exact line, so it is always the first thing on stdout.
  process.stdout.write(`jod-emulator listening on ${emulator.url}\n`);
  const stop = (signal: NodeJS.Signals) => {
    log?.(`jod-emulator stopping (${signal})`);
    // With the server closed and timers cancelled, nothing keeps the process alive.
    void emulator.close();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return undefined;
}

function reportUsageError(error: unknown): number {
  if (!(error instanceof CliUsageError || error instanceof InvalidInputError)) throw error;
  process.stderr.write(`jod-emulator: ${error.message}\nRun "jod-emulator --help" for usage.\n`);
  return USAGE_ERROR_EXIT_CODE;
}

void main(process.argv.slice(2)).then(
  (exitCode) => {
    if (exitCode !== undefined) process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`jod-emulator: ${describeError(error)}\n`);
    process.exitCode = 1;
  },
);
