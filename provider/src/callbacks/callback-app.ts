import express, { ErrorRequestHandler, Express, RequestHandler, Response } from "express";
import { CALLBACK_PATH_PREFIX, CallbackRegistry, DeliveryResult } from "./callback-registry";

/**
 * The largest callback body the listener takes, in bytes: 4 MiB, the relay's publisher limit too.
 * The largest valid callback (10,000 recorders, the most a deployment may have, each with a
 * 128-character id and a 45-character IPv6 address) is 2.09 MB as compact JSON and 2.71 MB
 * indented by 4 spaces; even if every id character needed a JSON escape (`\"`) it is 3.93 MB
 * indented, still under 4 MiB (4.19 MB). Over the limit the listener answers 413.
 */
export const CALLBACK_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** The registry's answer to a callback, or why the body never reached it. */
type CallbackResult = DeliveryResult | "not-json" | "too-large";

export interface CallbackAppOptions {
  registry: CallbackRegistry;
  /**
   * Told about every callback, with the token left out (it is a credential); for an
   * `invalid-body` on a waiting token, also why (such as the recorder address it refused).
   */
  onDelivery?: (result: CallbackResult, problem?: string) => void;
}

const STATUS_BY_RESULT: Record<CallbackResult, number> = {
  accepted: 200,
  buffered: 202,
  duplicate: 200,
  "unknown-token": 404,
  "invalid-body": 400,
  "wrong-deployment": 409,
  "not-json": 400,
  "too-large": 413,
};

/**
 * The express app behind the callback listener: one route, `POST /jod/callback/:token`, with
 * a JSON body of bounded size. Everything else is 404 or 405 and never reaches the registry.
 */
export function createCallbackApp({ registry, onDelivery }: CallbackAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  const answer = (res: Response, result: CallbackResult, problem?: string) => {
    onDelivery?.(result, problem);
    res.status(STATUS_BY_RESULT[result]).json({ result });
  };

  // The token is the credential, and it is checked before a byte of the body is read: a POST
  // for no waiting create is answered at once and its connection closed as soon as the answer
  // is out (not drained: Node would read and discard the rest of the body), so anonymous
  // traffic never gets a body read, parsed or buffered.
  const tokenFirst: RequestHandler = (req, res, next) => {
    if (registry.isWaiting(req.params.token as string)) return next();
    res.set("Connection", "close").on("finish", () => req.socket.destroy());
    answer(res, "unknown-token");
  };
  const route = `${CALLBACK_PATH_PREFIX}/:token`;
  // `type` accepts any content type: JOD documents JSON but not the header it sends.
  app.post(
    route,
    tokenFirst,
    express.json({ limit: CALLBACK_BODY_LIMIT_BYTES, type: () => true }),
    (req, res) => {
      let problem: string | undefined;
      const result = registry.deliver(req.params.token as string, req.body, (why) => {
        problem = why;
      });
      answer(res, result, problem);
    },
  );
  app.all(route, (_req, res) => {
    res.set("Allow", "POST").status(405).json({ result: "method-not-allowed" });
  });
  app.use((_req, res) => {
    res.status(404).json({ result: "not-found" });
  });
  // Only the body parser fails here: with a body over the limit, or one that is not JSON.
  const onError: ErrorRequestHandler = (error: { type?: string }, _req, res, _next) =>
    answer(res, error.type === "entity.too.large" ? "too-large" : "not-json");
  app.use(onError);
  return app;
}
