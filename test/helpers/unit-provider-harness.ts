import type {
  DeployRecordersRequest,
  DeployRecordersResult,
  JodClientOptions,
} from "../../provider/src/client/jod-client";
import type { DeploymentInputs, DeploymentOutputs } from "../../provider/src/deployment-state";
import type { SignalTarget } from "../../provider/src/runtime/interruption-guard";
import { createRecorderDeploymentProvider } from "../../provider/src/runtime/recorder-deployment-provider";
import { TEST_API_KEY } from "./constants";
import { postJson } from "./unit-http";

/** The API key the unit provider is configured with; no log line may contain it. */
export const UNIT_API_KEY = TEST_API_KEY;

/** An endpoint that must never be contacted: the stub client stands in for JOD. */
export const UNIT_ENDPOINT = "http://127.0.0.1:9";

/** When the fake clock starts: every `deployedAt` in these tests. */
export const UNIT_NOW = "2030-01-01T00:00:00.000Z";

/** What the stub client's script can do with one deploy request. */
export interface StubDeployContext {
  request: DeployRecordersRequest;
  /** POSTs a callback body to the URL the provider gave, and waits for the answer's status. */
  callBackNow(body: unknown): Promise<number>;
  /** POSTs a callback body once the current call has returned (as JOD does, a bit later). */
  callBackLater(body: unknown): void;
}

/** Plays JOD for one deploy request: answer (resolve), refuse or lose the answer (throw). */
export type StubDeployScript = (context: StubDeployContext) => Promise<DeployRecordersResult>;

/** A provider wired to a scripted client, a fake clock and captured logs. */
export interface UnitProvider {
  provider: ReturnType<typeof createRecorderDeploymentProvider>;
  /** Every line the provider logged, in order. */
  logs: string[];
  /** The options of every client the provider created. */
  clientOptions: JodClientOptions[];
  /** Every deploy request the provider made. */
  requests: DeployRecordersRequest[];
  /** Moves the fake clock. */
  setNow(iso: string): void;
  /** The HTTP statuses of every callback the script posted, once all were answered. */
  callbackStatuses(): Promise<number[]>;
}

/**
 * A provider whose client is a stub running `script`, for create/check/diff/... without JOD.
 *
 * @example
 * ```ts
 * const unit = createUnitProvider({ script: acceptAndCallBack("dep-1", successCallback("dep-1")) });
 * const { id, outs } = await unit.provider.create(deploymentInputs({ timeoutSeconds: 5 }));
 * ```
 */
export function createUnitProvider(
  options: { env?: NodeJS.ProcessEnv; script?: StubDeployScript; signals?: SignalTarget } = {},
): UnitProvider {
  const logs: string[] = [];
  const clientOptions: JodClientOptions[] = [];
  const requests: DeployRecordersRequest[] = [];
  const posts: Promise<number>[] = [];
  let now = new Date(UNIT_NOW);
  const script =
    options.script ??
    (async () => {
      throw new Error("this test expected no deploy request");
    });

  const post = (url: string, body: unknown) => {
    const status = postJson(url, body).then((answer) => answer.status);
    posts.push(status);
    return status;
  };
  const provider = createRecorderDeploymentProvider({
    createClient: (clientOption = {}) => {
      clientOptions.push(clientOption);
      return {
        deployRecorders: async (request) => {
          requests.push(request);
          return script({
            request,
            callBackNow: (body) => post(request.callbackUrl, body),
            callBackLater: (body) => {
              setImmediate(() => void post(request.callbackUrl, body).catch(() => undefined));
            },
          });
        },
      };
    },
    now: () => new Date(now),
    env: options.env ?? configuredEnv(),
    log: (line) => logs.push(line),
    signals: options.signals,
  });
  return {
    provider,
    logs,
    clientOptions,
    requests,
    setNow: (iso) => {
      now = new Date(iso);
    },
    callbackStatuses: () => Promise.all(posts),
  };
}

/**
 * The environment of a fully configured provider (the stub never contacts the endpoint).
 *
 * @example
 * ```ts
 * createUnitProvider({ env: { ...configuredEnv(), JOD_RENEW_EXPIRED: "true" } });
 * ```
 */
export function configuredEnv(): NodeJS.ProcessEnv {
  return { JOD_API_KEY: UNIT_API_KEY, JOD_ENDPOINT: UNIT_ENDPOINT };
}

/**
 * JOD's acceptance answer; `{}` as the second argument leaves the balance out.
 *
 * @example
 * ```ts
 * return accepted("dep-1", { balance: 7.5 });
 * ```
 */
export function accepted(
  deploymentId: string,
  { balance }: { balance?: number } = { balance: 13.6 },
): DeployRecordersResult {
  return {
    deploymentId,
    ...(balance === undefined ? {} : { balance }),
    message: "your deployment will join your jitsi soon",
    attempts: 1,
  };
}

/**
 * Valid RecorderDeployment inputs.
 *
 * @example
 * ```ts
 * deploymentInputs({ timeoutSeconds: 1 });
 * ```
 */
export function deploymentInputs(overrides: Partial<DeploymentInputs> = {}): DeploymentInputs {
  return { domain: "meet.example.com", recorders: 2, duration: 3, location: "lon", ...overrides };
}

/**
 * The state of a ready deployment made at {@link UNIT_NOW}, expiring 3 hours later.
 *
 * @example
 * ```ts
 * await unit.provider.read("dep-1", deploymentState());
 * ```
 */
export function deploymentState(overrides: Partial<DeploymentOutputs> = {}): DeploymentOutputs {
  return {
    ...deploymentInputs(),
    deploymentId: "dep-1",
    status: "ready",
    deployedRecorders: [{ id: "rec-1", ip: "203.0.113.10" }],
    recorderIps: ["203.0.113.10"],
    balance: 13.6,
    deployedAt: UNIT_NOW,
    expiresAt: "2030-01-01T03:00:00.000Z",
    message: "deployment successful",
    ...overrides,
  };
}
