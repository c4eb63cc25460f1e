import type * as pulumi from "@pulumi/pulumi";
import { check, diff } from "./check-diff";
import { create, type CreateOutcome } from "./create";
import { keepInStack } from "../errors";
import { exitWhenOrphaned } from "./orphan-watch";
import { createProviderContext, ProviderDependencies } from "./provider-context";
import { testClockWarning } from "../settings";
import { read, remove, update } from "./read-update-delete";
import { checkSpend, deployedNothing, diffSpend, reserveSpend } from "./spend-guard";

export { UNKNOWN_VALUE } from "./check-diff";
export type { ProviderDependencies } from "./provider-context";

/**
 * The RecorderDeployment provider. The serialized shim in `recorder-deployment.ts` calls into
 * one instance of this per provider process; each operation lives in its own module.
 */
export function createRecorderDeploymentProvider(
  deps: ProviderDependencies,
): Required<Omit<pulumi.dynamic.ResourceProvider, "invoke">> {
  const context = createProviderContext(deps);
  if (deps.orphaning) exitWhenOrphaned(context, deps.orphaning);
  // The test clock can drop paid deployments from state, so it must never go unnoticed.
  const clockWarning = testClockWarning(deps.env);
  const warned = <Args extends unknown[], Result>(operation: (...args: Args) => Result) => {
    return (...args: Args) => {
      if (clockWarning) context.log(clockWarning);
      return operation(...args);
    };
  };

  return {
    async configure(req) {
      context.applySettings((key) => {
        const value: unknown = req.config.get(key);
        return value === undefined ? undefined : String(value);
      });
    },
    check: warned(async (olds, news) =>
      checkSpend(context, olds, news, await check(context, news)),
    ),
    diff: warned(async (_id, olds, news) =>
      diffSpend(context, news, await diff(context, olds, news)),
    ),
    create: warned(async (inputs) => {
      // Counted until its result is returned: an interrupted or orphaned process waits for it.
      context.createsRunning += 1;
      try {
        const releaseSpend = reserveSpend(context, inputs);
        const outcome = await create(context, inputs).catch(
          (error: Error): CreateOutcome => ({ kind: "refused", error }),
        );
        if (outcome.kind === "refused" && deployedNothing(outcome.error)) releaseSpend();
        return toEngineResult(outcome);
      } finally {
        context.createsRunning -= 1;
      }
    }),
    read: warned(async (id, props) => read(context, id, props)),
    update: warned(async (_id, olds, news) => update(context, olds, news)),
    delete: warned(async (id, props) => remove(context, id, props)),
  };
}

/**
 * The one place a create's outcome becomes the engine's: a result, a partial create (the engine
 * keeps the deployment in state with its id and properties), or an error.
 */
function toEngineResult(outcome: CreateOutcome): pulumi.dynamic.CreateResult {
  if (outcome.kind === "created") return { id: outcome.id, outs: outcome.outs };
  if (outcome.kind === "kept") throw keepInStack(outcome.error, outcome.status, outcome.outs);
  throw outcome.error;
}
