import { FileDeploymentJournal } from "../../../provider/src/journal/file-journal";
import { sampleEntry } from "../../helpers/unit-journal";
import { accepted, configuredEnv, createUnitProvider } from "../../helpers/unit-provider-harness";
import { identifiedInputs, settled } from "../../helpers/unit-resume";

/**
 * A deployment accepted by JOD whose callback never came (kept `awaiting-callback`), resumed by
 * a provider configured with `env`: only a deployment bought from the same endpoint with the
 * same API key is adopted; another account's entry is not this account's purchase.
 */
const ROWS: [what: string, env: NodeJS.ProcessEnv, posts: number][] = [
  ["the same endpoint and API key: adopted", configuredEnv(), 0],
  [
    "another API key: bought anew",
    { ...configuredEnv(), JOD_API_KEY: "another-key-0123456789" },
    1,
  ],
  ["another endpoint: bought anew", { ...configuredEnv(), JOD_ENDPOINT: "http://127.0.0.1:10" }, 1],
];

describe("a resume against another JOD account", () => {
  it.each(ROWS)("%s", async (what, env, posts) => {
    const inputs = identifiedInputs(`account/${what}`, { timeoutSeconds: 1 });
    const first = createUnitProvider({ script: async () => accepted("dep-first") });
    const kept = await settled(first.provider.create(inputs));
    expect(kept).toMatchObject({ id: "dep-first", properties: { status: "awaiting-callback" } });

    const resumed = createUnitProvider({ env, script: async () => accepted("dep-second") });
    const result = await settled(resumed.provider.create(inputs));
    expect(resumed.requests).toHaveLength(posts);
    expect(result).toMatchObject({ id: posts === 0 ? "dep-first" : "dep-second" });
    if (posts === 1) {
      expect(resumed.logs.join("\n")).toContain(
        "dep-first was bought from another JOD endpoint or with another API key",
      );
    }
  });

  it("adopts an entry written before entries named their account", async () => {
    const inputs = identifiedInputs("account/legacy", { timeoutSeconds: 1 });
    const identity = (inputs as { __jodIdentity?: string }).__jodIdentity;
    await new FileDeploymentJournal().write(sampleEntry(identity, { deploymentId: "dep-legacy" }));
    const resumed = createUnitProvider({ script: async () => accepted("dep-second") });
    const result = await settled(resumed.provider.create(inputs));
    expect(resumed.requests).toHaveLength(0);
    expect(result).toMatchObject({ id: "dep-legacy" });
  });
});
