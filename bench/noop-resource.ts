import * as pulumi from "@pulumi/pulumi";

/**
 * A dynamic provider that does nothing: create echoes its inputs, and the SDK's defaults stand
 * in for check, diff and delete. Kept free of captured variables, so that its serialized form
 * is as small as a dynamic provider gets.
 */
const noopProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: "noop", outs: inputs };
  },
};

/**
 * The baseline of the engine-floor and load benchmarks: a dynamic resource with the same inputs
 * as a RecorderDeployment whose provider does no work at all.
 *
 * @example
 * ```ts
 * new NoopResource("baseline", { domain: "meet.example.com", recorders: 1, duration: 1, location: "lon" });
 * ```
 */
export class NoopResource extends pulumi.dynamic.Resource {
  /** The resource type token the engine sees. */
  static readonly TYPE = "pulumi-nodejs:dynamic/bench:Noop";

  constructor(name: string, inputs: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    // Copied: the SDK adds `__provider` to the object it is given.
    super(noopProvider, name, { ...inputs }, opts, "bench", "Noop");
  }
}
