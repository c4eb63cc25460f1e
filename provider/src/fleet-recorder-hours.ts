import * as pulumi from "@pulumi/pulumi";
import { fleetRecorderHoursMessage } from "./fleet-rules";
import { readProviderSettings } from "./settings";

/**
 * What deploying a whole fleet buys, in recorder-hours, stated in preview and up (with the
 * estimated cost when `jod:pricePerRecorderHour` is set): the program's side of the spend guard.
 */
export function fleetRecorderHours(
  fleet: pulumi.ComponentResource,
  totalRecorders: number,
  duration: pulumi.Input<number>,
): pulumi.Output<number> {
  // The price as the provider reads it, from stack config or the environment; invalid is unset.
  const price = readProviderSettings(pulumi.runtime.getConfig, process.env).settings
    .pricePerRecorderHour;
  return pulumi.output(duration).apply((hours) => {
    const name = pulumi.resourceName(fleet);
    pulumi.log.info(fleetRecorderHoursMessage(name, totalRecorders, hours, price), fleet);
    return totalRecorders * hours;
  });
}
