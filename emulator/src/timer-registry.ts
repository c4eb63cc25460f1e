/**
 * Timers that can all be cancelled at once, for emulator shutdown and reset. Timers are
 * `unref()`ed so that a pending callback never keeps a process alive on its own.
 *
 * @example
 * ```ts
 * const timers = new TimerRegistry();
 * const fired = timers.wait(1000);
 * timers.cancelAll();
 * await fired; // false
 * ```
 */
export class TimerRegistry {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  /** Resolves `true` after `ms`, or `false` as soon as `cancelAll()` runs. */
  wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve(true);
      }, ms);
      timer.unref();
      this.pending.set(timer, () => resolve(false));
    });
  }

  /** Clears every pending timer; their `wait()` promises resolve `false`. */
  cancelAll(): void {
    for (const [timer, cancel] of this.pending) {
      clearTimeout(timer);
      cancel();
    }
    this.pending.clear();
  }
}
