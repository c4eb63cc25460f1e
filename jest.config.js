/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json" }],
  },
  testTimeout: 30000,
  // One test file at a time (the end-to-end files share the machine's two cores and its Pulumi
  // CLI), in a worker that is replaced once it holds more than this after a file: in one process,
  // the SDK and the engine's gRPC servers that each file loads add up (it ran out of 24 GiB once).
  maxWorkers: 1,
  workerIdleMemoryLimit: "2GB",
  setupFiles: ["<rootDir>/test/helpers/journal-per-test-file.ts"],
};
