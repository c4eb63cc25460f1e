// A jest reporter that writes the run's counts, `<passed> <failed>`, to the file named by
// JOD_TEST_COUNTS, for scripts/test.sh's closing line. jest's own --json output serializes every
// failure's error and breaks on a circular one, losing the counts of a run that failed.
const { writeFileSync } = require("node:fs");

class CountReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.JOD_TEST_COUNTS;
    if (!file) return;
    // A suite that failed to load has no test results: count it as one failure.
    const broken = results.testResults.filter(
      (suite) => suite.testExecError !== undefined && suite.testResults.length === 0,
    ).length;
    writeFileSync(file, `${results.numPassedTests} ${results.numFailedTests + broken}\n`);
  }
}

module.exports = CountReporter;
