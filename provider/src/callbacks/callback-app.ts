import express, { ErrorRequestHandler, Express } from "express";
import { CALLBACK_PATH_PREFIX, CallbackRegistry, DeliveryResult } from "./callback-registry";

/** JOD's callbacks are a few hundred bytes; anything far larger is not one. */
export const CALLBACK_BODY_LIMIT = "64kb";

export interface CallbackAppOptions {
  registry: CallbackRegistry;
  /** Told about every callback, with the token left out (it is a credential). */
  onDelivery?: (result: DeliveryResult | "not-json" | "too-large") => void;
}

const STATUS_BY_RESULT: Record<DeliveryResult, number> = {
  accepted: 200,
  buffered: 202,
  duplicate: 200,
  "unknown-token": 404,
  "invalid-body": 400,
  "wrong-deployment": 409,
};

/**
 * The express app behind the callback listener: one route, `POST /jod/callback/:token`, with
 * a JSON body of bounded size. Everything else is 404 or 405 and never reaches the registry.
 */
export function createCallbackApp(options: CallbackAppOptions): Express {
  const { registry, onDelivery } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);

  const route = `${CALLBACK_PATH_PREFIX}/:token`;
  // `type` accepts any content type: JOD documents JSON but not the header it sends.
  app.post(route, express.json({ limit: CALLBACK_BODY_LIMIT, type: () => true }), (req, res) => {
    const result = registry.deliver(req.params.token as string, req.body);
    onDelivery?.(result);
    res.status(STATUS_BY_RESULT[result]).json({ result });
  });
  app.all(route, (_req, res) => {
    res.set("Allow", "POST").status(405).json({ result: "method-not-allowed" });
  });
  app.use((_req, res) => {
    res.status(404).json({ result: "not-found" });
  });

  const onError: ErrorRequestHandler = (
    error: { status?: number; type?: string },
    _req,
    res,
    _next,
  ) => {
    const tooLarge = error.type === "entity.too.large";
    onDelivery?.(tooLarge ? "too-large" : "not-json");
    res.status(tooLarge ? 413 : 400).json({ result: tooLarge ? "too-large" : "not-json" });
  };
  app.use(onError);
  return app;
}
