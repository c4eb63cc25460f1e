import { JOD_LOCATIONS, startEmulator, type RunningEmulator } from "../emulator/src";
import { PRICE_PER_RECORDER_HOUR, TEST_API_KEY, TEST_DOMAIN } from "../test/helpers/jod-test-setup";

/** Enough money and recorders that no benchmark run ever meets a 402 or a full location. */
const BENCH_BALANCE = 1_000_000;
const BENCH_CAPACITY_PER_LOCATION = 100_000;

/**
 * The emulator the benchmarks deploy against: the test account and domain, with a balance and
 * a capacity that repeated runs cannot exhaust. Callbacks come at once until a benchmark sets
 * `callbackDelayMs` through `setFaults`.
 *
 * @example
 * ```ts
 * const emulator = await startBenchEmulator();
 * emulator.setFaults({ callbackDelayMs: 2000 });
 * await emulator.close();
 * ```
 */
export function startBenchEmulator(): Promise<RunningEmulator> {
  return startEmulator({
    accounts: [{ apiKey: TEST_API_KEY, balance: BENCH_BALANCE, domains: [TEST_DOMAIN] }],
    pricePerRecorderHour: PRICE_PER_RECORDER_HOUR,
    capacity: Object.fromEntries(
      JOD_LOCATIONS.map((location) => [location, BENCH_CAPACITY_PER_LOCATION]),
    ),
    callbackDelayMs: 0,
  });
}
