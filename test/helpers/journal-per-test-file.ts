import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Every test stack is project "jod-e2e", stack "test": with one shared deployment journal, a
// create in one test file would adopt what another file's stack bought. Each test file (and
// every engine it starts) gets its own journal; PulumiTestStack narrows it to one per stack.
// Always a fresh one: a journal directory set in the environment (the README tells CI users to
// set one) holds real entries, and unit tests run a clock in 2030 that would prune them.
process.env.PULUMI_JOD_JOURNAL_DIR = mkdtempSync(path.join(tmpdir(), "jod-journal-"));
