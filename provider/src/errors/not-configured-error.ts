import { JodError } from "./jod-error";

/**
 * The provider's stack config is missing or invalid (for example no `jod:apiKey`), so no
 * deployment was attempted.
 *
 * @example
 * ```ts
 * new JodNotConfiguredError(["jod:apiKey is not set: run `pulumi config set --secret jod:apiKey <key>`"]);
 * ```
 */
export class JodNotConfiguredError extends JodError {
  constructor(problems: string[]) {
    super(`pulumi-jod is not configured: ${problems.join("; ")}. Nothing was sent to JOD.`, {
      code: "NOT_CONFIGURED",
      mayHaveDeployed: false,
    });
    this.name = "JodNotConfiguredError";
  }
}
