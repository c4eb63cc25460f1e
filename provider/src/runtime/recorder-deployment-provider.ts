import type * as pulumi from "@pulumi/pulumi";
import { check, diff } from "./check-diff";
import { create } from "./create";
import { exitWhenOrphaned } from "./orphan-watch";
import { createProviderContext, ProviderDependencies } from "./provider-context";
import { testClockWarning } from "./provider-settings";
import { read, remove, update } from "./read-update-delete";
import { checkSpend, diffSpend, withSpendReservation } from "./spend-guard";

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
    create: warned(async (inputs) =>
      withSpendReservation(context, inputs, () => create(context, inputs)),
    ),
    read: warned(async (id, props) => read(context, id, props)),
    update: warned(async (_id, olds, news) => update(context, olds, news)),
    delete: warned(async (_id, props) => remove(context, props)),
  };
}
