import type { PulumiTestStack } from "./pulumi-test-stack";
import { findEngineProcesses, ProcessInfo } from "./reliability-processes";

/** The engine's processes at the moment of the interruption. */
export interface EngineProcesses {
  cli: ProcessInfo;
  provider: ProcessInfo;
}

/**
 * Runs `pulumi up` and, as soon as its output satisfies `when`, calls `interrupt` with the
 * engine's processes and a function that sends SIGINT to the CLI the way the Automation API
 * does (as Ctrl-C in a terminal does: plugins run in their own process groups, so only the CLI
 * gets it). The up must fail; returns everything the CLI printed and the processes.
 */
export async function upInterrupted(
  stack: PulumiTestStack,
  when: (output: string) => boolean,
  interrupt: (processes: EngineProcesses, sigintToCli: () => void) => void | Promise<void>,
): Promise<{ output: string; processes: EngineProcesses }> {
  const controller = new AbortController();
  let seen = "";
  let interrupted: Promise<EngineProcesses> | undefined;
  const onOutput = (chunk: string) => {
    seen += chunk;
    if (interrupted || !when(seen)) return;
    interrupted = (async () => {
      const processes = findEngineProcesses();
      await interrupt(processes, () => controller.abort());
      return processes;
    })();
  };
  let output: string;
  try {
    await stack.stack.up({ onOutput, signal: controller.signal });
    throw new Error("expected the interrupted `pulumi up` to fail, but it succeeded");
  } catch (error) {
    output = String((error as Error).message);
  }
  if (!interrupted) throw new Error(`the up ended before it could be interrupted:\n${output}`);
  return { output, processes: await interrupted };
}
