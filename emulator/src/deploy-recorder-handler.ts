import express, { type Request, type Response, type Router } from "express";
import { servesDomain } from "./account-book";
import { readDeployForm, redactDeployFields, validateDeployOrder } from "./deploy-form";
import type { CallbackMode, RequestFault } from "./faults";
import { clientErrorStatus } from "./http-error-status";
import { roundMoney } from "./money";
import type { RecordedRequest } from "./request-log";
import type { EmulatorState } from "./state";

const DEPLOY_PATH = "/deploy-recorder";
const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";
// Six short fields fit in well under 1 kB; anything near this limit is not a real client.
const BODY_LIMIT = "16kb";

/**
 * The JSON body of every `POST /deploy-recorder` answer, as JOD documents it. Successful
 * deployments add `balance` and `deployment_id`.
 *
 * @example
 * ```ts
 * const answer = (await response.json()) as JodAnswer;
 * if (answer.it === "worked") console.log(answer.deployment_id, answer.balance);
 * ```
 */
export interface JodAnswer {
  it: "worked" | "failed";
  message: string;
  balance?: number;
  deployment_id?: string;
}

type DeployAnswer =
  | { kind: "json"; status: number; body: JodAnswer }
  | { kind: "raw"; status: number; contentType: string; body: string; description: string };

interface Placement {
  answer: DeployAnswer;
  deploymentId?: string;
}

// What a reverse proxy in front of an unreachable backend typically answers.
const BAD_GATEWAY_PAGE =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
  "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
// What nginx answers when it gave up on a backend that may well have taken the request.
const PROXY_UNAVAILABLE_PAGE =
  "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n" +
  "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n" +
  "</body>\r\n</html>\r\n";
const TRUNCATED_SUCCESS_BODY = '{"it":"worked","mess';

/**
 * The `POST /deploy-recorder` endpoint: records the request, checks its content type and
 * body, applies injected faults, then validates, charges, deploys and schedules the callback.
 * Checks run in this order: content type (415) and body size (413); faults; missing fields
 * (400, or 401 for `apiKey`); unknown key (401); unconfigured domain (406); invalid values
 * (400); balance (402).
 *
 * @example
 * ```ts
 * const app = express();
 * app.use(createDeployRecorderRouter(createEmulatorState()));
 * ```
 */
export function createDeployRecorderRouter(state: EmulatorState): Router {
  const parseForm = express.urlencoded({ extended: false, limit: BODY_LIMIT });
  const router = express.Router();
  router.post(DEPLOY_PATH, async (req, res) => {
    const contentType = req.get("content-type") ?? null;
    const record = state.requests.start(contentType);
    if (mediaType(contentType) !== FORM_MEDIA_TYPE) {
      const message = `unsupported content type ${contentType || "(none)"}: send ${FORM_MEDIA_TYPE}`;
      send(state, res, record, failed(415, message));
      return;
    }
    try {
      await new Promise<void>((resolve, reject) =>
        parseForm(req, res, (error?: unknown) => (error ? reject(error) : resolve())),
      );
    } catch (error) {
      send(state, res, record, bodyErrorAnswer(error));
      return;
    }
    await handleDeploy(state, req, res, record);
  });
  router.all(DEPLOY_PATH, (_req, res) => {
    res.set("Allow", "POST").status(405).json(failed(405, "method not allowed: use POST").body);
  });
  return router;
}

async function handleDeploy(
  state: EmulatorState,
  req: Request,
  res: Response,
  record: RecordedRequest,
): Promise<void> {
  const body: unknown = req.body;
  record.fields = redactDeployFields(body);
  // Faults are read once, so a test changing them mid-request does not split its behaviour.
  const faults = state.faults.current();
  const fault = state.faults.takeRequestFault();
  const { answer, deploymentId } = fault
    ? { answer: faultAnswer(fault), deploymentId: undefined }
    : placeDeployment(state, body, faults.callbackMode);
  if (deploymentId !== undefined) {
    record.deploymentId = deploymentId;
    if (faults.callbackBeforeResponse) await state.callbacks.sendNow(deploymentId);
    else {
      state.callbacks.schedule(
        deploymentId,
        faults.callbackDelayMs ?? state.options.callbackDelayMs,
      );
    }
  }
  // The deployment above exists before this delay, so a client that gives up still leaves it.
  if (faults.responseDelayMs > 0 && !(await state.responseTimers.wait(faults.responseDelayMs))) {
    return; // the emulator is closing: its connections are being destroyed
  }
  send(state, res, record, answer);
}

function placeDeployment(
  state: EmulatorState,
  body: unknown,
  callbackMode: CallbackMode,
): Placement {
  const form = readDeployForm(body);
  if (!form.ok) {
    // JOD documents 401 for a "Missing or incorrect API Key". For the other fields it does
    // not document the status of a missing field; 400 is the emulator's choice.
    const status = form.field === "apiKey" && form.problem === "missing" ? 401 : 400;
    return { answer: failed(status, form.message) };
  }
  const { apiKey, domain } = form.value;
  const account = state.accounts.find(apiKey);
  if (!account) return { answer: failed(401, "invalid API Key") };
  if (!servesDomain(account, domain)) {
    return { answer: failed(406, `domain configuration for ${domain} is incomplete`) };
  }
  const order = validateDeployOrder(form.value, state.options.allowRemoteCallbacks);
  if (!order.ok) return { answer: failed(400, order.message) };
  const { recorders, duration } = order.value;
  const cost = roundMoney(recorders * duration * state.options.pricePerRecorderHour);
  if (cost > account.balance) {
    return { answer: failed(402, `not enough balance: need ${cost}, have ${account.balance}`) };
  }
  const { deploymentId } = state.deployments.create({
    account,
    domain,
    order: order.value,
    cost,
    callbackMode,
  });
  const afterDeploy = state.faults.takeAfterDeployFault();
  if (afterDeploy === "server-error") {
    return { answer: failed(500, "internal server error"), deploymentId };
  }
  if (afterDeploy === "proxy-unavailable") {
    const answer: DeployAnswer = {
      kind: "raw",
      status: 503,
      contentType: "text/html",
      body: PROXY_UNAVAILABLE_PAGE,
      description: "proxy's HTML 503 after deploying (fault)",
    };
    return { answer, deploymentId };
  }
  const success: JodAnswer = {
    it: "worked",
    message: "your deployment will join your jitsi soon",
    balance: account.balance,
    deployment_id: deploymentId,
  };
  return { answer: { kind: "json", status: 200, body: success }, deploymentId };
}

function faultAnswer(fault: RequestFault): DeployAnswer {
  switch (fault) {
    case "maintenance":
      return failed(503, "JOD is under planned maintenance");
    case "unavailable":
      return failed(503, "JOD is temporarily unavailable");
    case "server-error":
      return failed(500, "internal server error");
    case "failed":
      return failed(200, "deployment could not be scheduled");
    case "html":
      return {
        kind: "raw",
        status: 502,
        contentType: "text/html",
        body: BAD_GATEWAY_PAGE,
        description: "HTML error page (fault)",
      };
    case "truncated":
      return {
        kind: "raw",
        status: 200,
        contentType: "application/json",
        body: TRUNCATED_SUCCESS_BODY,
        description: "truncated JSON (fault)",
      };
  }
}

// body-parser rejects with 413 (too large), 415 (bad charset) or 400 (malformed).
function bodyErrorAnswer(error: unknown): DeployAnswer {
  const status = clientErrorStatus(error);
  if (status === 413) return failed(413, `request body too large (limit ${BODY_LIMIT})`);
  if (status === 415) return failed(415, "unsupported body encoding: send UTF-8");
  return failed(400, "malformed request body");
}

function failed(status: number, message: string): DeployAnswer & { kind: "json" } {
  return { kind: "json", status, body: { it: "failed", message } };
}

function send(
  state: EmulatorState,
  res: Response,
  record: RecordedRequest,
  answer: DeployAnswer,
): void {
  record.status = answer.status;
  record.message = answer.kind === "json" ? answer.body.message : null;
  const summary = answer.kind === "json" ? JSON.stringify(answer.body.message) : answer.description;
  const key = record.fields.apiKey ?? "(no key)";
  const deployment = record.deploymentId === null ? "" : ` deployment ${record.deploymentId}`;
  state.log(`POST ${DEPLOY_PATH} ${answer.status} ${summary} key ${String(key)}${deployment}`);
  if (answer.kind === "json") res.status(answer.status).json(answer.body);
  else res.status(answer.status).type(answer.contentType).send(answer.body);
}

function mediaType(contentType: string | null): string | undefined {
  return contentType?.split(";")[0].trim().toLowerCase();
}
