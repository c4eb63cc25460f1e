import { readProviderSettings } from "../../../provider/src/settings";
import { createUnitProvider, deploymentInputs } from "../../helpers/unit-provider-harness";

/**
 * The callback URL is `${base}/jod/callback/${token}`: after a query or fragment in the base,
 * the path lands in the query (or fragment, which is never sent), so JOD's callback could not
 * reach the token and a paid deployment would end "awaiting-callback". jod:endpoint refuses
 * both for the same reason.
 */
const BASES_THAT_HIDE_THE_PATH = [
  "https://callbacks.example.com/jod?via=proxy",
  "https://callbacks.example.com/#callbacks",
];

describe("a public callback base URL with a query or fragment", () => {
  it.each(BASES_THAT_HIDE_THE_PATH)("is refused as jod:callbackUrl (%s)", (base) => {
    const { failures, settings } = readProviderSettings(
      (key) => (key === "jod:callbackUrl" ? base : undefined),
      { JOD_API_KEY: "JOD-key" },
    );
    expect(failures).toEqual([
      { key: "jod:callbackUrl", reason: expect.stringMatching(/^jod:callbackUrl must be /) },
    ]);
    expect(settings.callbackUrl).toBeUndefined();
  });

  it.each(BASES_THAT_HIDE_THE_PATH)("is refused as the callbackUrl input (%s)", async (base) => {
    const { provider } = createUnitProvider();
    const { failures } = await provider.check({}, deploymentInputs({ callbackUrl: base }));
    expect(failures).toEqual([
      { property: "callbackUrl", reason: expect.stringMatching(/^must be /) },
    ]);
  });
});
