import type { ChildProcess } from "node:child_process";

/** Long enough for a loaded machine, short enough that a stuck child ends the benchmark. */
const CHILD_ANSWER_TIMEOUT_MS = 120_000;

/**
 * The next IPC message from a child process; rejects if the child exits first or stays silent
 * for two minutes.
 *
 * @example
 * ```ts
 * child.send({ type: "prepare" });
 * const ready = await nextMessage<ReadyMessage>(child);
 * ```
 */
export function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`child ${child.pid} sent nothing for ${CHILD_ANSWER_TIMEOUT_MS} ms`));
    }, CHILD_ANSWER_TIMEOUT_MS);
    const onMessage = (message: T) => {
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`child ${child.pid} exited (code ${code}) before answering`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}
