import type { ConfigMap, ConfigValue } from "@pulumi/pulumi/automation";
import type { SwitchableDeploymentStack } from "./reliability-deployment-stack";

/** One bad input or setting, and what the preview must say about it. */
export interface BadCase {
  /** The input property or config key the case spoils (an environment fallback shares its key). */
  dimension: string;
  input?: { property: string; value: unknown };
  /** A config value to set for the case, or `null` to remove the key. */
  config?: { key: string; value: ConfigValue | null };
  env?: Record<string, string>;
  /** [text that locates the line of the message, text that line must also hold]. */
  expected: [string, string];
  /** Must be previewed alone (it stops the program before any check). */
  solo?: boolean;
}

/** What one preview printed, and whether it failed. */
export interface PreviewText {
  failed: boolean;
  text: string;
}

/**
 * Groups cases into previews: a round spoils each dimension at most once, so every failure
 * shows in the same check response (one resource, all its bad properties and settings), and
 * each case's message is still asserted on its own.
 */
export function badInputRounds(cases: BadCase[]): BadCase[][] {
  const rounds: BadCase[][] = [];
  for (const badCase of cases) {
    const round = badCase.solo
      ? undefined
      : rounds.find(
          (candidate) =>
            !candidate[0].solo && candidate.every((other) => other.dimension !== badCase.dimension),
        );
    if (round) round.push(badCase);
    else rounds.push([badCase]);
  }
  return rounds;
}

/**
 * Previews every round on the stack (inputs declared, config and environment applied, then
 * restored to `base`) and returns what each case's preview printed.
 */
export async function previewRounds(
  deployment: SwitchableDeploymentStack,
  base: ConfigMap,
  cases: BadCase[],
): Promise<Map<BadCase, PreviewText>> {
  const { stack } = deployment.stack;
  const seen = new Map<BadCase, PreviewText>();
  for (const round of badInputRounds(cases)) {
    const inputs = round.flatMap(({ input }) => (input ? [[input.property, input.value]] : []));
    deployment.declare("rec", Object.fromEntries(inputs));
    const env: Record<string, string> = Object.assign({}, ...round.map((c) => c.env ?? {}));
    const configs = round.flatMap(({ config }) => (config ? [config] : []));
    for (const { key, value } of configs) {
      if (value === null) await stack.removeConfig(key);
      else await stack.setConfig(key, value);
    }
    for (const [name, value] of Object.entries(env)) deployment.stack.setEnv(name, value);

    const preview = await deployment.previewText();
    for (const badCase of round) seen.set(badCase, preview);

    for (const name of Object.keys(env)) deployment.stack.setEnv(name, undefined);
    for (const { key } of configs) {
      const original = base[key];
      if (original) await stack.setConfig(key, original);
      else await stack.removeConfig(key);
    }
  }
  return seen;
}
