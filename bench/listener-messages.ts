/** The callback traffic a listener-host child is set up for. */
export type ListenerScenario = "accepted" | "duplicate" | "forged";

/** Parent to child: register tokens for a scenario. */
export interface PrepareMessage {
  type: "prepare";
  scenario: ListenerScenario;
  /** How many tokens to register (only `accepted` registers more than one). */
  tokens: number;
}

/** Child to parent: the listener is up and these tokens are registered. */
export interface ReadyMessage {
  type: "ready";
  port: number;
  /** Registered tokens in order; token i expects deployment `dep-${i}`. */
  tokens: string[];
}

/** Parent to child: report and stop. */
export interface ReportRequest {
  type: "report";
}

/** Child to parent: how the registry answered every callback that reached it. */
export interface ReportMessage {
  type: "report";
  /** Delivery results by kind, e.g. `{ accepted: 20000 }`. */
  results: Record<string, number>;
}

/**
 * The deployment id that registered token `index` expects.
 *
 * @example
 * ```ts
 * deploymentIdFor(7); // "dep-7"
 * ```
 */
export function deploymentIdFor(index: number): string {
  return `dep-${index}`;
}
