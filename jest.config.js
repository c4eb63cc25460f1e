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
  // One test file at a time: the end-to-end files share the machine's two cores and its Pulumi
  // CLI. Setting a memory limit makes jest use a worker process even with one worker (in band it
  // would ignore the limit); the worker is replaced after a file that leaves its heap above 1 GB.
  // Each file still leaves a little of its modules behind, and this bounds the sum.
  maxWorkers: 1,
  workerIdleMemoryLimit: "1GB",
  setupFiles: ["<rootDir>/test/helpers/journal-per-test-file.ts"],
};
