import * as pulumi from "@pulumi/pulumi";

/** A resource the program registered with the mock engine. */
export interface MockedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** What the mock engine reports for a RecorderDeployment, from its name and inputs. */
export type DeploymentOutputsFor = (
  name: string,
  inputs: Record<string, unknown>,
) => Record<string, unknown>;

/**
 * Runs Pulumi programs against an in-process mock engine (no CLI, no provider process) and
 * records every resource registered.
 *
 * @example
 * ```ts
 * const resources = await installPulumiMocks();
 * new jod.RecorderFleet("fleet", args);
 * ```
 */
export async function installPulumiMocks(
  deploymentOutputs: DeploymentOutputsFor = () => ({}),
): Promise<MockedResource[]> {
  const resources: MockedResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = args.inputs as Record<string, unknown>;
        resources.push({ type: args.type, name: args.name, inputs });
        if (!args.custom) return { id: undefined, state: inputs };
        const state = { ...inputs, ...deploymentOutputs(args.name, inputs) };
        return { id: `${args.name}-id`, state };
      },
      call: () => ({}),
    },
    "unit-project",
    "unit-stack",
  );
  return resources;
}

/**
 * The value of an output, once the mock engine has resolved it.
 *
 * @example
 * ```ts
 * expect(await outputValue(fleet.allIps)).toEqual(["203.0.113.1"]);
 * ```
 */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);
      return value;
    });
  });
}

/**
 * Waits for every registration still in flight, so none outlives the test file.
 *
 * @example
 * ```ts
 * afterAll(() => drainPulumiMocks());
 * ```
 */
export function drainPulumiMocks(): Promise<void> {
  return pulumi.runtime.disconnect();
}
