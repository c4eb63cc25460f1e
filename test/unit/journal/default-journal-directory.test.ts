import { defaultJournalDirectory } from "../../../provider/src/journal/file-journal";

describe("defaultJournalDirectory", () => {
  it("lives under PULUMI_HOME", () => {
    expect(defaultJournalDirectory({ PULUMI_HOME: "/srv/pulumi" }, "/home/ci")).toBe(
      "/srv/pulumi/pulumi-jod/journal",
    );
  });

  it("falls back to ~/.pulumi as Pulumi does, also for an empty PULUMI_HOME", () => {
    expect(defaultJournalDirectory({}, "/home/ci")).toBe("/home/ci/.pulumi/pulumi-jod/journal");
    expect(defaultJournalDirectory({ PULUMI_HOME: "" }, "/home/ci")).toBe(
      "/home/ci/.pulumi/pulumi-jod/journal",
    );
  });
});
