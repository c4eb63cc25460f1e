/** @type {import('jest').Config} */
module.exports = {
  // jest's node environment, closing the inspector sessions a file's @pulumi/pulumi opened: they
  // kept every engine test file's modules in memory (see the file).
  testEnvironment: "<rootDir>/test/helpers/test-environment.ts",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Transpiled file by file (`isolatedModules`): `npm run build` type-checks test/ with
    // tsconfig.json already, and a type-checking ts-jest keeps every file's program in memory.
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }],
  },
  testTimeout: 30000,
  // Two test files at a time: the end-to-end files wait on the engine, JOD's callbacks and their
  // deadlines more than they compute (alone, the hard-stop files used 0.7 of a core; e2e and
  // reliability took 772 s with one worker, 415 s with two, each file about as long as alone).
  // Each stack has its own folder and backend, each file its own journal: files do not meet.
  // A memory limit makes jest use worker processes (in band it would ignore the limit): a worker
  // is replaced after a file that leaves its heap above 1 GB, which bounds what files leave behind.
  maxWorkers: 2,
  workerIdleMemoryLimit: "1GB",
  setupFiles: ["<rootDir>/test/helpers/journal-per-test-file.ts"],
  // The default output, and the counts for scripts/test.sh's closing line.
  reporters: ["default", "<rootDir>/test/helpers/count-reporter.js"],
};
