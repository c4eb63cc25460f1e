import { PulumiTestStack } from "./pulumi-test-stack";

/** Runs `pulumi up`, expects it to fail, and returns everything the CLI printed. */
export async function expectUpToFail(stack: PulumiTestStack): Promise<string> {
  try {
    await stack.up();
  } catch (error) {
    return String((error as Error).message);
  }
  throw new Error("expected `pulumi up` to fail, but it succeeded");
}
