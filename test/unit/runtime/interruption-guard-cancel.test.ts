import {
  createInterruptionGuard,
  ENGINE_CANCEL,
  ProcessInterrupted,
  type InterruptSignal,
} from "../../../provider/src/runtime/interruption-guard";

/**
 * The engine's Cancel (a plugin's `cancelled` signal) interrupts waiting creates as a signal
 * does, but the process keeps serving: the engine still collects their answers.
 */
describe("the interruption guard on the engine's Cancel", () => {
  it("aborts waiting and later creates with the Cancel as reason, and never exits", () => {
    const exits: number[] = [];
    const listeners: ((signal: InterruptSignal) => void)[] = [];
    const cancel = new AbortController();
    const guard = createInterruptionGuard({
      target: {
        on: (_signal, listener) => listeners.push(listener),
        exit: (code) => exits.push(code),
      },
      log: () => {},
      cancelled: cancel.signal,
    });
    const waiting = guard.watch(() => "a deployment");
    expect(waiting.signal.aborted).toBe(false);

    cancel.abort();
    expect(waiting.signal.aborted).toBe(true);
    expect(waiting.signal.reason).toBeInstanceOf(ProcessInterrupted);
    expect((waiting.signal.reason as ProcessInterrupted).signal).toBe(ENGINE_CANCEL);
    const later = guard.watch(() => "another deployment");
    expect((later.signal.reason as ProcessInterrupted).signal).toBe(ENGINE_CANCEL);
    expect(exits).toEqual([]);
    expect(listeners).toHaveLength(2);
  });
});
