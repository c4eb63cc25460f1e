import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { createAdminRouter } from "./admin-router";
import { createDeployRecorderRouter } from "./deploy-recorder-handler";
import { describeError } from "./error-message";
import type { EmulatorState } from "./state";

/**
 * Builds the emulator's express app over a state, without listening: `POST /deploy-recorder`
 * plus the admin API under `/__admin`. Use it to mount the emulator in another server or to
 * drive it with your own Node adapter; `startEmulator` does both for you.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * const state = createEmulatorState({ accounts: [{ apiKey: "JOD-1", balance: 5, domains: ["meet.example.com"] }] });
 * createServer(createEmulatorApp(state)).listen(8080);
 * ```
 */
export function createEmulatorApp(state: EmulatorState): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(createDeployRecorderRouter(state));
  app.use("/__admin", createAdminRouter(state));
  app.use((req, res) => {
    res.status(404).json({ it: "failed", message: `not found: ${req.method} ${req.path}` });
  });
  // Last resort: the emulator answers JSON and keeps serving whatever went wrong.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    state.log(`${req.method} ${req.path} error: ${describeError(error)}`);
    if (!res.headersSent) res.status(500).json({ it: "failed", message: "internal server error" });
  });
  return app;
}
