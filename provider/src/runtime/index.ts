import { createJodClient } from "../client/jod-client";
import { enginePid } from "./orphan-watch";
import { createRecorderDeploymentProvider } from "./recorder-deployment-provider";
import { createClock } from "../settings";

/**
 * The provider's internal entry, not a public API: `pulumi-jod/runtime` exists because the
 * provider that Pulumi serializes into every stack's state is a shim whose methods call
 * `require("pulumi-jod/runtime").recorderDeploymentProvider.<method>`. Its methods (configure,
 * check, diff, create, read, update, delete) and their behaviour on the state of earlier
 * versions are kept for those stacks; programs use the classes of `pulumi-jod` instead.
 *
 * One instance per provider process, so one process has one callback listener.
 */
export const recorderDeploymentProvider = createRecorderDeploymentProvider({
  createClient: createJodClient,
  now: createClock(process.env),
  env: process.env,
  log: (message) => console.log(message),
  signals: process,
  orphaning: { parentPid: () => enginePid(), exit: () => process.exit(0) },
});
