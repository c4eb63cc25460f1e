/**
 * A child program printing, as JSON, the `__provider` text the SDK serializes into state for a
 * RecorderDeployment and for the no-op resource (the engine sends it with every call). It runs
 * the SDK under mocks, which would disturb the Automation API runs of the parent: hence a child.
 */
import * as pulumi from "@pulumi/pulumi";
import * as jod from "pulumi-jod";
import { TEST_DOMAIN } from "../test/helpers/jod-test-setup";
import { NoopResource } from "./noop-resource";

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
  const inputs = { domain: TEST_DOMAIN, recorders: 1, duration: 1, location: "lon" } as const;
  const recorder = new jod.RecorderDeployment("recorder", inputs);
  const noop = new NoopResource("noop", inputs);
  await new Promise((resolve) => pulumi.all([recorder.id, noop.id]).apply(resolve));
  process.stdout.write(JSON.stringify(serialized));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
