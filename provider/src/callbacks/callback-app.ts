import express, { ErrorRequestHandler, Express, Response } from "express";
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
  /** Told about every callback, with the token left out (it is a credential). */
  onDelivery?: (result: CallbackResult) => void;
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
  const answer = (res: Response, result: CallbackResult) => {
    onDelivery?.(result);
    res.status(STATUS_BY_RESULT[result]).json({ result });
  };

  const route = `${CALLBACK_PATH_PREFIX}/:token`;
  // `type` accepts any content type: JOD documents JSON but not the header it sends.
  app.post(
    route,
    express.json({ limit: CALLBACK_BODY_LIMIT_BYTES, type: () => true }),
    (req, res) => answer(res, registry.deliver(req.params.token as string, req.body)),
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
