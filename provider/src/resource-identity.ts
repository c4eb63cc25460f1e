import * as pulumi from "@pulumi/pulumi";

/**
 * Names a resource the same way in every run of its stack, and differently from any other
 * resource of any stack: the provider's deployment journal finds what an interrupted run
 * bought by it. It is passed as an input hidden from the engine's display (the `__` prefix)
 * and no diff looks at it, so it never replaces anything, and stacks written before it see no
 * change.
 */
export function resourceIdentity(
  type: string,
  name: string,
  opts?: pulumi.CustomResourceOptions,
): string {
  // The chain of parents' types and names, as far as the URN and beyond (it names parents too).
  const chain: string[] = [];
  for (let parent = opts?.parent; parent; parent = parentOf(parent)) {
    chain.unshift(`${pulumi.resourceType(parent)}::${pulumi.resourceName(parent)}`);
  }
  const stack = `${organization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  return [stack, ...chain, `${type}::${name}`].join("|");
}

/** The stack's organization; the SDK throws where there is none (mocks, some backends). */
function organization(): string {
  try {
    return pulumi.getOrganization();
  } catch {
    return "";
  }
}

/** A resource's parent, which the SDK keeps (without typings) as `__parentResource`. */
function parentOf(resource: pulumi.Resource): pulumi.Resource | undefined {
  return (resource as unknown as { __parentResource?: pulumi.Resource }).__parentResource;
}
