import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { describeError } from "./error-message";
import { parseFaultSettings } from "./faults";
import { clientErrorStatus } from "./http-error-status";
import { expectBoolean, expectObject, InvalidInputError } from "./input-validation";
import { parseEmulatorAccount } from "./options";
import type { EmulatorState, ResetOptions } from "./state";

const ADMIN_BODY_LIMIT = "64kb";

/**
 * The test-only admin API, mounted under `/__admin` by `createEmulatorApp`. JSON in and out;
 * invalid input answers 400 `{ error }`. API keys are only ever shown as fingerprints.
 *
 * - `GET /requests`: recorded deploy requests
 * - `GET /deployments`, `GET /deployments/:id`: deployments (404 for an unknown id)
 * - `GET /accounts`: accounts, keys fingerprinted; `POST /accounts`: add or replace by apiKey
 * - `GET /faults`: current faults; `POST /faults`: merge settings; `DELETE /faults`: clear
 * - `POST /reset`: clear requests, deployments, faults and pending callbacks; body
 *   `{ "accounts": true }` also restores the starting accounts. Answers 204.
 *
 * @example
 * ```ts
 * await fetch(`${emulator.url}/__admin/faults`, {
 *   method: "POST",
 *   headers: { "Content-Type": "application/json" },
 *   body: JSON.stringify({ maintenance: true }),
 * });
 * ```
 */
export function createAdminRouter(state: EmulatorState): Router {
  const router = express.Router();
  router.use((req, res, next) => {
    res.on("finish", () => state.log(`admin ${req.method} ${req.originalUrl} ${res.statusCode}`));
    next();
  });
  router.use(express.json({ limit: ADMIN_BODY_LIMIT }));

  router.get("/requests", (_req, res) => {
    res.json(state.requests.list());
  });
  router.get("/deployments", (_req, res) => {
    res.json(state.deployments.list());
  });
  router.get("/deployments/:id", (req, res) => {
    const deployment = state.deployments.get(req.params.id);
    if (deployment) res.json(deployment);
    else res.status(404).json({ error: `no deployment ${req.params.id}` });
  });
  router.get("/accounts", (_req, res) => {
    res.json(state.accounts.list());
  });
  router.post("/accounts", (req, res) => {
    res.json(state.accounts.add(parseEmulatorAccount(jsonBody(req))));
  });
  router.get("/faults", (_req, res) => {
    res.json(state.faults.current());
  });
  router.post("/faults", (req, res) => {
    res.json(state.faults.set(parseFaultSettings(jsonBody(req))));
  });
  router.delete("/faults", (_req, res) => {
    state.faults.clear();
    res.json(state.faults.current());
  });
  router.post("/reset", (req, res) => {
    state.reset(parseResetOptions(req.body ?? {}));
    res.status(204).end();
  });

  router.use((req, res) => {
    res.status(404).json({ error: `unknown admin endpoint ${req.method} ${req.path}` });
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof InvalidInputError) {
      res.status(400).json({ error: error.message });
      return;
    }
    const status = clientErrorStatus(error);
    if (status !== undefined) {
      res.status(status).json({ error: "malformed or too large JSON body" });
      return;
    }
    state.log(`admin error: ${describeError(error)}`);
    res.status(500).json({ error: "internal error" });
  });
  return router;
}

function jsonBody(req: Request): unknown {
  if (req.body === undefined) {
    throw new InvalidInputError("expected a JSON body with Content-Type: application/json");
  }
  return req.body;
}

function parseResetOptions(value: unknown): ResetOptions {
  const given = expectObject(value, "reset options", ["accounts"]);
  return given.accounts === undefined
    ? {}
    : { accounts: expectBoolean(given.accounts, "accounts") };
}
