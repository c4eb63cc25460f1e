import * as pulumi from "@pulumi/pulumi";
import { estimatedCost, parsePricePerRecorderHour, validatePricePerRecorderHour } from "./settings";

/**
 * What deploying a whole fleet buys, in recorder-hours, stated in preview and up (with the
 * estimated cost when `jod:pricePerRecorderHour` is set): the program's side of the spend guard.
 */
export function fleetRecorderHours(
  fleet: pulumi.ComponentResource,
  totalRecorders: number,
  duration: pulumi.Input<number>,
): pulumi.Output<number> {
  const price = pricePerRecorderHour();
  return pulumi.output(duration).apply((hours) => {
    const total = totalRecorders * hours;
    const figures = `${totalRecorders} recorder(s) × ${hours} h = ${total} recorder-hours`;
    const name = pulumi.resourceName(fleet);
    pulumi.log.info(
      `RecorderFleet ${name}: ${figures} in all${estimatedCost(total, price)}`,
      fleet,
    );
    return total;
  });
}

/** `jod:pricePerRecorderHour` (or its env fallback) as the provider reads it; invalid is unset. */
function pricePerRecorderHour(): number | undefined {
  const raw =
    new pulumi.Config("jod").get("pricePerRecorderHour") ??
    (process.env.JOD_PRICE_PER_RECORDER_HOUR || undefined);
  return validatePricePerRecorderHour(raw) ? undefined : parsePricePerRecorderHour(raw);
}
