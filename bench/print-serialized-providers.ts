/**
 * A child program printing, as JSON by resource type, the `__provider` text the SDK serializes
 * for a RecorderDeployment and for the no-op resource. It runs the SDK under mocks, which would
 * disturb the Automation API runs of the parent: hence a child.
 */
import * as pulumi from "@pulumi/pulumi";
import * as jod from "pulumi-jod";
import { BENCH_INPUTS, NoopResource } from "./harness";

async function main(): Promise<void> {
  const serialized: Record<string, string> = {};
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const provider: unknown = args.inputs.__provider;
        if (typeof provider === "string") serialized[args.type] = provider;
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "jod-bench",
    "bench",
    false,
  );
  const recorder = new jod.RecorderDeployment("recorder", BENCH_INPUTS);
  const noop = new NoopResource("noop", BENCH_INPUTS);
  await new Promise((resolve) => pulumi.all([recorder.id, noop.id]).apply(resolve));
  process.stdout.write(JSON.stringify(serialized));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
