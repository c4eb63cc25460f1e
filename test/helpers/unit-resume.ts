import type { DeploymentInputs } from "../../provider/src/deployment-state";
import { FileDeploymentJournal } from "../../provider/src/journal/file-journal";
import type { JournalEntry } from "../../provider/src/journal/journal-entry";
import { deploymentInputs } from "./unit-provider-harness";

/**
 * Inputs of a RecorderDeployment with a journal identity, as the resource sets it: every unit
 * test of a resume uses its own identity, so entries of other tests never meet.
 *
 * @example
 * ```ts
 * await unit.provider.create(identifiedInputs("resume/other-key", { timeoutSeconds: 1 }));
 * ```
 */
export function identifiedInputs(
  name: string,
  overrides: Partial<DeploymentInputs> = {},
): DeploymentInputs {
  const identity = `unit/dev/jod:RecorderDeployment::${name}`;
  return { ...deploymentInputs(overrides), __jodIdentity: identity } as DeploymentInputs;
}

/** The journal entry the unit provider keeps for `inputs` (this test file's journal). */
export function journaledEntry(inputs: DeploymentInputs): Promise<JournalEntry | undefined> {
  const identity = (inputs as { __jodIdentity?: string }).__jodIdentity as string;
  return new FileDeploymentJournal().read(identity);
}

/**
 * What a create's promise settled to: the engine result, or the error it threw (a partial
 * create carries the deployment's `id` and `properties`).
 */
export async function settled<T>(promise: Promise<T>): Promise<T | PartialCreate> {
  return promise.catch((error: PartialCreate) => error);
}

/** The fields of a thrown partial create (or plain error) the tests look at. */
export interface PartialCreate extends Error {
  id?: string;
  properties?: Record<string, unknown>;
}
