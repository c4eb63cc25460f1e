import { CLEAN, ModelWorld, type CreateFaults, type ModelOp } from "../helpers/model-engine";

/**
 * The purchase protocol explored exhaustively: every sequence of up to {@link DEPTH} operations
 * on a one-resource stack (the first a `pulumi up`), each create run under every fault in
 * {@link CREATE_FAULTS}, with a relay journal and with a local one. The provider is the real
 * one (decision, journal trail, create, diff, read, delete); JOD, the journal store, the
 * callback channel and the engine are the model's. After each sequence the README's recovery
 * and a clean `pulumi up` run, then: no intent (a first create, changed inputs, `--replace`, a
 * renewal) was bought twice, the latest was bought exactly once and is in the stack, every
 * paid deployment is in the stack or was named to the user, and no process posted after a
 * signal. An exhaustive enumerator rather than fast-check: the space is small enough to visit
 * whole, and a failure names its sequence.
 */
const DEPTH = Number(process.env.JOD_MODEL_DEPTH ?? 3);

const fault = (change: Partial<CreateFaults>): CreateFaults => ({ ...CLEAN, ...change });

/** The ways one create can go: JOD's answer and callback, a stop, a failed save, the journal. */
const CREATE_FAULTS: CreateFaults[] = [
  CLEAN,
  fault({ checkpoint: "failed" }),
  fault({ stop: "kill-after-sending" }),
  fault({ stop: "signal-before-post" }),
  fault({ stop: "kill-at-jod" }),
  fault({ stop: "kill-after-accepted" }),
  fault({ stop: "kill-after-done" }),
  fault({ callback: false }),
  fault({ callback: false, stop: "cancel" }),
  fault({ callback: false, stop: "sigint" }),
  fault({ callback: false, stop: "orphan" }),
  fault({ callback: false, checkpoint: "failed" }),
  fault({ answer: "refuse" }),
  fault({ answer: "lose-answer" }),
  fault({ answer: "lose-answer", callback: false }),
  fault({ answer: "lose-answer", stop: "kill-at-jod", callback: false }),
  fault({ journal: "down" }),
  fault({ journal: "fails-after-post", callback: false, stop: "orphan" }),
];

/** Every operation that can follow the first `pulumi up`. */
const LATER_OPS: ModelOp[] = [
  ...CREATE_FAULTS.map((create): ModelOp => ({ kind: "up", create })),
  ...CREATE_FAULTS.map((create): ModelOp => ({ kind: "replace", create })),
  ...CREATE_FAULTS.map((create): ModelOp => ({ kind: "change", create })),
  { kind: "replace-journal-down" },
  { kind: "destroy", journalDown: false },
  { kind: "destroy", journalDown: true },
  { kind: "refresh-clear" },
  { kind: "refresh-import" },
  { kind: "expire" },
  { kind: "fresh-runner" },
];

function describeOp(op: ModelOp): string {
  if (!("create" in op)) return JSON.stringify(op);
  const { answer, callback, stop, checkpoint, journal } = op.create;
  return `${op.kind}(${answer}, callback ${callback}, ${stop}, save ${checkpoint}, journal ${journal})`;
}

/** Every sequence of 1..depth operations, the first an `up`. */
function* sequences(depth: number): Generator<ModelOp[]> {
  const firsts = CREATE_FAULTS.map((create): ModelOp => ({ kind: "up", create }));
  function* extend(prefix: ModelOp[]): Generator<ModelOp[]> {
    yield prefix;
    if (prefix.length === depth) return;
    for (const op of LATER_OPS) yield* extend([...prefix, op]);
  }
  for (const first of firsts) yield* extend([first]);
}

/** Resolves true after `ms`, without keeping the process alive. */
function stalled(ms: number): Promise<boolean> {
  return new Promise((resolve) => setTimeout(() => resolve(true), ms).unref());
}

async function explore(relay: boolean): Promise<{ explored: number; failures: string[] }> {
  let explored = 0;
  const failures: string[] = [];
  for (const sequence of sequences(DEPTH)) {
    const world = new ModelWorld(relay);
    const ran = (async () => {
      for (const op of sequence) await world.apply(op);
      await world.finish();
    })();
    // A create that never returns (unless the model killed its process) is a violation too.
    const hung = await Promise.race([ran.then(() => false), stalled(5_000)]);
    const violations = hung ? ["the sequence never ended"] : world.check();
    explored += 1;
    if (violations.length > 0 && failures.length < 5) {
      failures.push(`${sequence.map(describeOp).join(" → ")}:\n  ${violations.join("\n  ")}`);
    }
  }
  return { explored, failures };
}

jest.setTimeout(600_000);

describe("the purchase protocol, every interleaving up to depth 3", () => {
  it.each([
    ["a relay journal", true],
    ["a local journal", false],
  ])("with %s: JOD sells each intent once, and nothing paid for is lost", async (_what, relay) => {
    const { explored, failures } = await explore(relay);
    console.log(`model (${relay ? "relay" : "local"} journal): ${explored} sequences explored`);
    expect(failures).toEqual([]);
    expect(explored).toBeGreaterThan(0);
  });
});
