import { readFileSync } from "node:fs";
import path from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";

/** The SDK entry points the examples and their packages load (`@pulumi/hcloud` uses both). */
const SHARED_SDK_MODULES = ["@pulumi/pulumi", "@pulumi/pulumi/runtime"];

/** One folder of `examples/`, run as an inline program (there is no Node.js language host). */
export interface ExampleProject {
  /** The example's folder. */
  dir: string;
  /** The `name:` of its Pulumi.yaml, which namespaces its stack config. */
  projectName: string;
  /** Runs the example's index.ts afresh and returns its exports as the stack outputs. */
  program: PulumiFn;
}

/**
 * The example in `examples/<name>`.
 *
 * @example
 * ```ts
 * const example = exampleProject("single-deployment");
 * await PulumiTestStack.create({ program: example.program, projectName: example.projectName });
 * ```
 */
export function exampleProject(name: string): ExampleProject {
  const dir = path.resolve(__dirname, "../../examples", name);
  return {
    dir,
    projectName: projectNameOf(path.join(dir, "Pulumi.yaml")),
    program: async () => {
      const sdk = SHARED_SDK_MODULES.map((id) => [id, jest.requireActual(id)] as const);
      let outputs: Record<string, unknown> = {};
      // A fresh module registry per run, as each `pulumi up` starts a new program, except for
      // the SDK: its loaded copy holds the engine connection, which a second copy cannot use.
      jest.isolateModules(() => {
        for (const [id, loaded] of sdk) jest.doMock(id, () => loaded);
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the example's program
        outputs = require(path.join(dir, "index.ts"));
      });
      return outputs;
    },
  };
}

function projectNameOf(pulumiYaml: string): string {
  const name = /^name:\s*(\S+)\s*$/m.exec(readFileSync(pulumiYaml, "utf8"))?.[1];
  if (!name) throw new Error(`${pulumiYaml} has no top-level "name:"`);
  return name;
}
