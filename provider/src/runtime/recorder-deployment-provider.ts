import type * as pulumi from "@pulumi/pulumi";
import { check, diff } from "./check-diff";
import { create } from "./create";
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
  // The test clock can drop paid deployments from state, so it must never go unnoticed.
  const clockWarning = testClockWarning(deps.env);
  const warn = () => {
    if (clockWarning) context.log(clockWarning);
  };

  return {
    async configure(req) {
      context.applySettings((key) => {
        const value: unknown = req.config.get(key);
        return value === undefined ? undefined : String(value);
      });
    },
    async check(olds, news) {
      warn();
      return checkSpend(context, olds, news, await check(context, news));
    },
    async diff(_id, olds, news) {
      warn();
      return diffSpend(context, news, await diff(context, olds, news));
    },
    async create(inputs) {
      warn();
      return withSpendReservation(context, inputs, () => create(context, inputs));
    },
    async read(id, props) {
      warn();
      return read(context, id, props);
    },
    async update(_id, olds, news) {
      warn();
      return update(context, olds, news);
    },
    async delete(_id, props) {
      warn();
      return remove(context, props);
    },
  };
}
